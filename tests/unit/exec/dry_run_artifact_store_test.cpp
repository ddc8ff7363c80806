// exec/dry_run_artifact_store: real pod directories, no repository I/O, placeholders.
#include "exec/dry_run_artifact_store.hpp"

#include <filesystem>

#include <catch2/catch.hpp>

#include "exec_test_support.hpp"

namespace fs = std::filesystem;

TEST_CASE("dry-run artifacts: pod directories are real, the repository is never touched",
          "[artifact]") {
  exec_test::ScratchDir dir;
  exec::DryRunArtifactStore artifacts(dir / "scratch");
  util::Result<std::string> pod = artifacts.make_pod_dir("wf-a-1");
  REQUIRE(pod.ok());
  CHECK(*pod == dir / "scratch/wf-a-1-1");
  CHECK(fs::is_directory(*pod));
  CHECK_FALSE(artifacts.save(dir / "missing", "../anything", {}));
  CHECK(artifacts.exists("never/saved.tgz"));
  REQUIRE_FALSE(artifacts.load("never/saved.tgz", *pod + "/in/x", {}));
  CHECK(fs::is_regular_file(*pod + "/in/x"));
  CHECK(fs::file_size(*pod + "/in/x") == 0);
  REQUIRE_FALSE(artifacts.write_file(*pod + "/in/raw", "data", {}));
  CHECK(fs::file_size(*pod + "/in/raw") == 0);
  artifacts.discard_pod_dir(*pod);
  CHECK_FALSE(fs::exists(*pod));
  CHECK(std::vector<fs::path>(fs::directory_iterator(dir.path()), {}) ==
        std::vector<fs::path>{dir / "scratch"});
}
