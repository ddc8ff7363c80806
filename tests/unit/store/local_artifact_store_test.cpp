// The local artifact repository (store/local_artifact_store.hpp): keys as paths under the
// root, save/load round trips, replacing a key, refused keys and pods' staging directories.
#include "store/local_artifact_store.hpp"

#include <filesystem>

#include <catch2/catch.hpp>

#include "artifact_test_support.hpp"
#include "store_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using artifact_test::names_in;
using Kind = engine::ArchiveSpec::Kind;

engine::ArchiveSpec archive_of(Kind kind) {
  engine::ArchiveSpec archive;
  archive.kind = kind;
  return archive;
}

/// The message of a failed save, or "ok".
std::string save_message(store::LocalArtifactStore& artifacts, const std::string& source,
                         const std::string& key, Kind kind = Kind::tgz) {
  const std::optional<util::Error> error = artifacts.save(source, key, archive_of(kind));
  return error ? error->message : "ok";
}

}  // namespace

TEST_CASE("local artifact store: a saved artifact loads again from its key", "[artifact]") {
  store_test::ScratchDir dir;
  store::LocalArtifactStore artifacts(dir / "repo/", dir / "staging");
  store_test::write_text(dir / "out.txt", "result");
  CHECK_FALSE(artifacts.exists("wf/pod/out.tgz"));
  REQUIRE(save_message(artifacts, dir / "out.txt", "wf/pod/out.tgz") == "ok");
  CHECK(fs::is_regular_file(dir / "repo/wf/pod/out.tgz"));
  CHECK(artifacts.exists("wf/pod/out.tgz"));
  CHECK(artifacts.exists("./wf//pod/out.tgz"));
  CHECK(names_in(dir / "repo/wf/pod") == std::vector<std::string>{"out.tgz"});  // no temp left
  REQUIRE_FALSE(artifacts.load("wf/pod/out.tgz", dir / "pod/inputs/x", {}));
  CHECK(store_test::slurp(dir / "pod/inputs/x") == "result");
  CHECK(*artifacts.key_path("a/../b") == dir / "repo/b");
}

TEST_CASE("local artifact store: saving over a key replaces what was there", "[artifact]") {
  store_test::ScratchDir dir;
  store::LocalArtifactStore artifacts(dir / "repo", dir / "staging");
  store_test::write_text(dir / "v1.txt", "one");
  store_test::write_text(dir / "v2.txt", "two");
  fs::create_directories(dir / "tree/sub");
  store_test::write_text(dir / "tree/sub/f", "in a tree");
  REQUIRE(save_message(artifacts, dir / "v1.txt", "k") == "ok");
  REQUIRE(save_message(artifacts, dir / "v2.txt", "k") == "ok");
  REQUIRE_FALSE(artifacts.load("k", dir / "got-file", {}));
  CHECK(store_test::slurp(dir / "got-file") == "two");
  // A directory (archive none) over a file, then a file over that directory.
  REQUIRE(save_message(artifacts, dir / "tree", "k", Kind::none) == "ok");
  CHECK(store_test::slurp(dir / "repo/k/sub/f") == "in a tree");
  REQUIRE(save_message(artifacts, dir / "tree", "k", Kind::none) == "ok");
  REQUIRE(save_message(artifacts, dir / "v1.txt", "k", Kind::none) == "ok");
  CHECK(store_test::slurp(dir / "repo/k") == "one");
  CHECK(names_in(dir / "repo") == std::vector<std::string>{"k"});
}

TEST_CASE("local artifact store: keys outside the repository are refused", "[artifact]") {
  store_test::ScratchDir dir;
  store::LocalArtifactStore artifacts(dir / "repo", dir / "staging");
  store_test::write_text(dir / "out.txt", "x");
  const std::string root = dir / "repo";
  CHECK(save_message(artifacts, dir / "out.txt", "../x") ==
        "artifact key '../x' leaves the artifact repository " + root + " through '..'");
  CHECK(save_message(artifacts, dir / "out.txt", "a/../../x") ==
        "artifact key 'a/../../x' leaves the artifact repository " + root + " through '..'");
  CHECK(save_message(artifacts, dir / "out.txt", "/abs") ==
        "artifact key '/abs' is an absolute path; keys are relative to the artifact repository " +
            root);
  CHECK(save_message(artifacts, dir / "out.txt", "./") ==
        "artifact key './' names no file in the artifact repository " + root);
  CHECK_FALSE(artifacts.exists("../repo"));
  const std::optional<util::Error> error = artifacts.load("/abs", dir / "dest", {});
  REQUIRE(error);
  CHECK(error->code == util::ErrorCode::invalid_input);
  CHECK_FALSE(fs::exists(dir / "x"));
  CHECK_FALSE(fs::exists(dir / "repo"));
}

TEST_CASE("local artifact store: a missing key and an unset root say so", "[artifact]") {
  store_test::ScratchDir dir;
  store::LocalArtifactStore artifacts(dir / "repo", dir / "staging");
  const std::optional<util::Error> missing = artifacts.load("wf/none.tgz", dir / "dest", {});
  REQUIRE(missing);
  CHECK(missing->message == "artifact wf/none.tgz not found: no file " + (dir / "repo") +
                                "/wf/none.tgz in the artifact repository");
  store::LocalArtifactStore unset("", dir / "staging");
  const std::optional<util::Error> error = unset.save(dir / "x", "k", {});
  REQUIRE(error);
  CHECK(error->message == "no local artifact repository is configured");
}

TEST_CASE("local artifact store: a failed save names the key and leaves nothing behind",
          "[artifact]") {
  store_test::ScratchDir dir;
  store::LocalArtifactStore artifacts(dir / "repo", dir / "staging");
  CHECK(save_message(artifacts, dir / "gone", "wf/out.tgz") ==
        "cannot save artifact wf/out.tgz as " + (dir / "repo/wf/out.tgz") + ": cannot save " +
            (dir / "gone") + ": No such file or directory");
  CHECK(names_in(dir / "repo/wf").empty());
  CHECK_FALSE(artifacts.exists("wf/out.tgz"));
}

TEST_CASE("local artifact store: pods' directories are fresh and numbered", "[artifact]") {
  store_test::ScratchDir dir;
  store::LocalArtifactStore artifacts(dir / "repo", dir / "run/artifacts-staging");
  util::Result<std::string> first = artifacts.make_pod_dir("wf-pod-1");
  util::Result<std::string> second = artifacts.make_pod_dir("wf-pod-1");
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(*first == dir / "run/artifacts-staging/wf-pod-1-1");
  CHECK(*second == dir / "run/artifacts-staging/wf-pod-1-2");
  CHECK(fs::is_directory(*first));
  CHECK(names_in(*first).empty());
  store_test::write_text(*first + "/file", "x");
  artifacts.discard_pod_dir(*first);
  CHECK_FALSE(fs::exists(*first));
  // Only its own directories are removed.
  fs::create_directories(dir / "other");
  artifacts.discard_pod_dir(dir / "other");
  CHECK(fs::exists(dir / "other"));
  CHECK_FALSE(artifacts.make_pod_dir("a/b").ok());
}

TEST_CASE("local artifact store: write_file writes the data with the mode", "[artifact]") {
  store_test::ScratchDir dir;
  store::LocalArtifactStore artifacts(dir / "repo", dir / "staging");
  engine::PlaceSpec place;
  place.mode = 0750;
  REQUIRE_FALSE(artifacts.write_file(dir / "pod/in/raw.txt", "raw data", place));
  CHECK(store_test::slurp(dir / "pod/in/raw.txt") == "raw data");
  CHECK(artifact_test::mode_of(dir / "pod/in/raw.txt") == 0750);
}
