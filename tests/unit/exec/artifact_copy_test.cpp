// exec/artifact_copy: the stage beside an artifact's host path, telling what a container
// engine's `cp` made there (the usual entry, or podman's spread-out directory), and the host
// runtime's local copy.
#include "exec/artifact_copy.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "exec_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using exec_test::ScratchDir;
using exec_test::slurp;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("artifact stage: fresh, beside the host path, and `cp` targets an entry in it",
          "[exec][artifact_copy]") {
  ScratchDir dir;
  const std::string host = dir / "pod/out";
  write(host + ".flowrun-cp/stale", "left by an earlier attempt");
  auto stage = exec::make_artifact_stage(host);
  REQUIRE(stage);
  CHECK(stage->dir == host + ".flowrun-cp");
  CHECK(stage->target == host + ".flowrun-cp/.flowrun-artifact");
  CHECK(fs::is_directory(stage->dir));
  CHECK(fs::is_empty(stage->dir));
  exec::discard_artifact_stage(*stage);
  CHECK_FALSE(fs::exists(stage->dir));
  CHECK_FALSE(fs::exists(host));
}

TEST_CASE("artifact stage: what `cp` made becomes the host path, file or directory",
          "[exec][artifact_copy]") {
  ScratchDir dir;
  // Stages an artifact for `name`, lets `cp` (here: `write`) fill the stage, settles it.
  auto settle = [&](const std::string& name, auto&& cp) {
    auto stage = exec::make_artifact_stage(dir / name);
    REQUIRE(stage);
    cp(*stage);
    return exec::settle_artifact_stage(*stage, dir / name);
  };
  CHECK(settle("file", [](const exec::ArtifactStage& stage) { write(stage.target, "hello\n"); }));
  CHECK(slurp(dir / "file") == "hello\n");

  // A directory, as docker and podman copy it.
  CHECK(settle("tree", [](const exec::ArtifactStage& stage) {
    write(stage.target + "/a.txt", "a");
    write(stage.target + "/sub/b.txt", "b");
  }));
  CHECK(slurp(dir / "tree/a.txt") == "a");
  CHECK(slurp(dir / "tree/sub/b.txt") == "b");

  // A volume's mount point, which podman spreads into the stage.
  CHECK(settle("vol", [](const exec::ArtifactStage& stage) {
    write(stage.dir + "/v.txt", "v");
    write(stage.dir + "/sub/w.txt", "w");
  }));
  CHECK(slurp(dir / "vol/v.txt") == "v");
  CHECK(slurp(dir / "vol/sub/w.txt") == "w");

  // An empty volume spread into the stage is an empty directory.
  CHECK(settle("empty", [](const exec::ArtifactStage&) {}));
  CHECK(fs::is_directory(dir / "empty"));
  CHECK(fs::is_empty(dir / "empty"));

  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    left.push_back(entry.path().filename().string());
  }
  std::sort(left.begin(), left.end());
  CHECK(left == std::vector<std::string>{"empty", "file", "tree", "vol"});  // no stage is left
}

TEST_CASE("local artifact copy: files and trees, symlinks like `cp -L`, missing is false",
          "[exec][artifact_copy]") {
  ScratchDir dir;
  write(dir / "work/out.txt", "text");
  write(dir / "work/tree/a", "a");
  write(dir / "work/tree/sub/b", "b");
  fs::create_symlink(dir / "work/out.txt", dir / "work/link");
  fs::create_symlink("a", dir / "work/tree/alias");
  fs::create_directories(dir / "store");

  CHECK(exec::copy_local_artifact(dir / "work/out.txt", dir / "store/file"));
  CHECK(slurp(dir / "store/file") == "text");

  CHECK(exec::copy_local_artifact(dir / "work/tree", dir / "store/tree"));
  CHECK(slurp(dir / "store/tree/sub/b") == "b");
  CHECK(fs::is_symlink(dir / "store/tree/alias"));  // links inside stay links

  CHECK(exec::copy_local_artifact(dir / "work/link", dir / "store/followed"));
  CHECK_FALSE(fs::is_symlink(dir / "store/followed"));
  CHECK(slurp(dir / "store/followed") == "text");

  CHECK(exec::copy_local_artifact(dir / "work/tree", dir / "store/new/parent/tree"));
  CHECK(slurp(dir / "store/new/parent/tree/a") == "a");

  CHECK_FALSE(exec::copy_local_artifact(dir / "work/missing", dir / "store/missing"));
  CHECK_FALSE(fs::exists(dir / "store/missing"));
  // An existing destination is not replaced.
  CHECK_FALSE(exec::copy_local_artifact(dir / "work/tree", dir / "store/file"));
  CHECK(slurp(dir / "store/file") == "text");
}
