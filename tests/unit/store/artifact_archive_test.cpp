// Artifacts as files (store/artifact_archive.hpp): tgz, zip and none round trips, how a
// stored file is placed (extracted by content, one root entry or several, copied as is),
// modes, and the tar entries that are refused.
#include "store/artifact_archive.hpp"

#include <filesystem>

#include <catch2/catch.hpp>

#include "store/archive_reader.hpp"

#include "artifact_test_support.hpp"
#include "store_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using artifact_test::mode_of;
using artifact_test::names_in;
using artifact_test::tar_bytes;
using artifact_test::tar_file;
using artifact_test::tar_symlink;
using Kind = engine::ArchiveSpec::Kind;

engine::ArchiveSpec archive_of(Kind kind, int level = -1) {
  engine::ArchiveSpec archive;
  archive.kind = kind;
  archive.compression_level = level;
  return archive;
}

/// `tree/` holding a.txt (0640), sub/ (0750) with run.sh (0755) and deeper/c.txt, and the
/// symlink link -> a.txt.
std::string make_tree(const store_test::ScratchDir& dir) {
  const std::string tree = dir / "tree";
  fs::create_directories(tree + "/sub/deeper");
  store_test::write_text(tree + "/a.txt", "alpha");
  store_test::write_text(tree + "/sub/run.sh", "#!/bin/sh\n");
  store_test::write_text(tree + "/sub/deeper/c.txt", "gamma");
  fs::permissions(tree + "/a.txt", static_cast<fs::perms>(0640));
  fs::permissions(tree + "/sub/run.sh", static_cast<fs::perms>(0755));
  fs::permissions(tree + "/sub", static_cast<fs::perms>(0750));
  fs::create_symlink("a.txt", tree + "/link");
  return tree;
}

/// Checks that `dest` is the tree make_tree() made.
void check_tree(const std::string& dest) {
  CHECK(names_in(dest) == std::vector<std::string>{"a.txt", "link", "sub"});
  CHECK(store_test::slurp(dest + "/a.txt") == "alpha");
  CHECK(store_test::slurp(dest + "/sub/deeper/c.txt") == "gamma");
  CHECK(mode_of(dest + "/a.txt") == 0640);
  CHECK(mode_of(dest + "/sub/run.sh") == 0755);
  CHECK(mode_of(dest + "/sub") == 0750);
  CHECK(fs::is_symlink(dest + "/link"));
  CHECK(fs::read_symlink(dest + "/link") == "a.txt");
}

/// The error message of a failed unpack, or "ok".
std::string unpack_message(const std::string& source, const std::string& dest,
                           const engine::PlaceSpec& place = {}) {
  const std::optional<util::Error> error = store::unpack_artifact(source, dest, place);
  return error ? error->message : "ok";
}

}  // namespace

TEST_CASE("artifact archive: a file packed as tgz comes back as the file", "[artifact]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir / "data.txt", "hello\n");
  fs::permissions(dir / "data.txt", static_cast<fs::perms>(0751));
  REQUIRE_FALSE(store::pack_artifact(dir / "data.txt", dir / "out.tgz", archive_of(Kind::tgz)));
  CHECK(store_test::slurp(dir / "out.tgz")->substr(0, 2) == "\x1f\x8b");  // gzip magic
  CHECK(store::is_tarball(dir / "out.tgz"));
  REQUIRE(unpack_message(dir / "out.tgz", dir / "in/nested/input") == "ok");
  CHECK(fs::is_regular_file(dir / "in/nested/input"));
  CHECK(store_test::slurp(dir / "in/nested/input") == "hello\n");
  CHECK(mode_of(dir / "in/nested/input") == 0751);
  CHECK_FALSE(fs::exists(dir / "in/nested/input.tmpdir"));
}

TEST_CASE("artifact archive: a directory tree packed as tgz keeps modes and symlinks",
          "[artifact]") {
  store_test::ScratchDir dir;
  const std::string tree = make_tree(dir);
  REQUIRE_FALSE(store::pack_artifact(tree, dir / "tree.tgz", archive_of(Kind::tgz)));
  REQUIRE(unpack_message(dir / "tree.tgz", dir / "dest") == "ok");
  check_tree(dir / "dest");
  CHECK(names_in(dir.path()) == std::vector<std::string>{"dest", "tree", "tree.tgz"});
}

TEST_CASE("artifact archive: the gzip level is the compression level", "[artifact]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir / "big.txt", std::string(200000, 'a'));
  REQUIRE_FALSE(store::pack_artifact(dir / "big.txt", dir / "l0.tgz", archive_of(Kind::tgz, 0)));
  REQUIRE_FALSE(store::pack_artifact(dir / "big.txt", dir / "l9.tgz", archive_of(Kind::tgz, 9)));
  CHECK(fs::file_size(dir / "l0.tgz") > 200000);  // stored, not deflated
  CHECK(fs::file_size(dir / "l9.tgz") < 2000);
  REQUIRE(unpack_message(dir / "l0.tgz", dir / "back") == "ok");
  CHECK(store_test::slurp(dir / "back") == std::string(200000, 'a'));
}

TEST_CASE("artifact archive: a tarball with two root entries becomes a directory holding both",
          "[artifact]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir / "two.tar",
                         tar_bytes({tar_file("one.txt", "1"), tar_file("two.txt", "2")}));
  REQUIRE(unpack_message(dir / "two.tar", dir / "dest") == "ok");
  CHECK(names_in(dir / "dest") == std::vector<std::string>{"one.txt", "two.txt"});
  CHECK(store_test::slurp(dir / "dest/two.txt") == "2");
  CHECK_FALSE(fs::exists(dir / "dest.tmpdir"));
}

TEST_CASE("artifact archive: a plain tar is recognised by its content, not its name",
          "[artifact]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir / "stored.bin", tar_bytes({tar_file("./x.txt", "inside", 0600)}));
  CHECK(store::is_tarball(dir / "stored.bin"));
  REQUIRE(unpack_message(dir / "stored.bin", dir / "dest") == "ok");
  CHECK(store_test::slurp(dir / "dest") == "inside");
  CHECK(mode_of(dir / "dest") == 0600);
}

TEST_CASE("artifact archive: a file that is no archive is placed as it is", "[artifact]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir / "notes.tgz", "just text, whatever the name says\n");
  store_test::write_text(dir / "empty", "");
  CHECK_FALSE(store::is_tarball(dir / "notes.tgz"));
  CHECK_FALSE(store::is_tarball(dir / "empty"));
  REQUIRE(unpack_message(dir / "notes.tgz", dir / "dest") == "ok");
  CHECK(store_test::slurp(dir / "dest") == "just text, whatever the name says\n");
  REQUIRE(unpack_message(dir / "empty", dir / "dest-empty") == "ok");
  CHECK(store_test::slurp(dir / "dest-empty") == "");
}

TEST_CASE("artifact archive: extract=false places a tgz as its bytes", "[artifact]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir / "data.txt", "hello");
  REQUIRE_FALSE(store::pack_artifact(dir / "data.txt", dir / "out.tgz", archive_of(Kind::tgz)));
  engine::PlaceSpec place;
  place.extract = false;
  REQUIRE(unpack_message(dir / "out.tgz", dir / "dest.tgz", place) == "ok");
  CHECK(store_test::slurp(dir / "dest.tgz") == store_test::slurp(dir / "out.tgz"));
}

TEST_CASE("artifact archive: zip round trips of a file and a directory", "[artifact]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir / "data.txt", "zipped");
  const std::string tree = make_tree(dir);
  REQUIRE_FALSE(store::pack_artifact(dir / "data.txt", dir / "file.zip", archive_of(Kind::zip)));
  REQUIRE_FALSE(store::pack_artifact(tree, dir / "tree.zip", archive_of(Kind::zip)));
  CHECK(store_test::slurp(dir / "file.zip")->substr(0, 2) == "PK");
  CHECK_FALSE(store::is_tarball(dir / "file.zip"));
  engine::PlaceSpec place;
  place.unzip = true;
  REQUIRE(unpack_message(dir / "file.zip", dir / "file-out", place) == "ok");
  CHECK(store_test::slurp(dir / "file-out") == "zipped");
  REQUIRE(unpack_message(dir / "tree.zip", dir / "tree-out", place) == "ok");
  check_tree(dir / "tree-out");
  // Without unzip a zip is just a file.
  REQUIRE(unpack_message(dir / "file.zip", dir / "as-is") == "ok");
  CHECK(store_test::slurp(dir / "as-is") == store_test::slurp(dir / "file.zip"));
}

TEST_CASE("artifact archive: unzip of a file that is no zip fails and leaves nothing",
          "[artifact]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir / "plain.txt", "not a zip");
  engine::PlaceSpec place;
  place.unzip = true;
  const std::string message = unpack_message(dir / "plain.txt", dir / "dest", place);
  CHECK_THAT(message, Catch::StartsWith("cannot extract " + (dir / "plain.txt") +
                                        ": it is not a zip file ("));
  CHECK(names_in(dir.path()) == std::vector<std::string>{"plain.txt"});
}

TEST_CASE("artifact archive: mode applies to the path, and below it with recurse_mode",
          "[artifact]") {
  store_test::ScratchDir dir;
  const std::string tree = make_tree(dir);
  engine::PlaceSpec place;
  place.mode = 0700;
  REQUIRE(unpack_message(tree, dir / "flat", place) == "ok");
  CHECK(mode_of(dir / "flat") == 0700);
  CHECK(mode_of(dir / "flat/a.txt") == 0640);
  place.recurse_mode = true;
  place.mode = 0555;
  REQUIRE(unpack_message(tree, dir / "deep", place) == "ok");
  CHECK(mode_of(dir / "deep") == 0555);
  CHECK(mode_of(dir / "deep/a.txt") == 0555);
  CHECK(mode_of(dir / "deep/sub") == 0555);
  CHECK(mode_of(dir / "deep/sub/deeper/c.txt") == 0555);
  CHECK(fs::is_symlink(dir / "deep/link"));
  // A mode without write bits on directories must not stop ScratchDir's cleanup.
  place.mode = 0755;
  REQUIRE_FALSE(store::apply_mode(dir / "deep", place));
  CHECK(mode_of(dir / "deep/sub/deeper") == 0755);
  store_test::write_text(dir / "single", "x");
  place.mode = 0604;
  REQUIRE_FALSE(store::apply_mode(dir / "single", place));
  CHECK(mode_of(dir / "single") == 0604);
  // A symlink is left alone, and so is its target.
  fs::create_symlink(dir / "single", dir / "link-to-single");
  place.mode = 0600;
  REQUIRE_FALSE(store::apply_mode(dir / "link-to-single", place));
  CHECK(mode_of(dir / "single") == 0604);
}

TEST_CASE("artifact archive: none copies a file or a directory tree as it is", "[artifact]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir / "data.txt", "plain");
  const std::string tree = make_tree(dir);
  REQUIRE_FALSE(store::pack_artifact(dir / "data.txt", dir / "stored", archive_of(Kind::none)));
  CHECK(store_test::slurp(dir / "stored") == "plain");
  REQUIRE_FALSE(store::pack_artifact(tree, dir / "stored-tree", archive_of(Kind::none)));
  check_tree(dir / "stored-tree");
  // Loading a stored directory copies it.
  REQUIRE(unpack_message(dir / "stored-tree", dir / "loaded") == "ok");
  check_tree(dir / "loaded");
}

TEST_CASE("artifact archive: packing a missing path names it", "[artifact]") {
  store_test::ScratchDir dir;
  const std::optional<util::Error> error =
      store::pack_artifact(dir / "missing", dir / "out.tgz", archive_of(Kind::tgz));
  REQUIRE(error);
  CHECK(error->message == "cannot save " + (dir / "missing") + ": No such file or directory");
  CHECK_FALSE(fs::exists(dir / "out.tgz"));
}

TEST_CASE("artifact archive: tar entries that would leave the directory are refused",
          "[artifact]") {
  store_test::ScratchDir dir;
  fs::create_directories(dir / "pod");
  store_test::write_text(dir / "dotdot.tar",
                         tar_bytes({tar_file("ok.txt", "1"), tar_file("../evil", "x")}));
  CHECK(unpack_message(dir / "dotdot.tar", dir / "pod/dest") ==
        "cannot extract " + (dir / "dotdot.tar") +
            ": entry '../evil' leaves the directory it is extracted to through '..'");
  store_test::write_text(dir / "abs.tar", tar_bytes({tar_file("/tmp/evil", "x")}));
  CHECK(unpack_message(dir / "abs.tar", dir / "pod/dest") ==
        "cannot extract " + (dir / "abs.tar") + ": entry '/tmp/evil' has an absolute path");
  // A symlink the archive made is not a way out either.
  store_test::write_text(dir / "link.tar",
                         tar_bytes({tar_symlink("a", dir.path()), tar_file("a/evil", "x")}));
  CHECK(unpack_message(dir / "link.tar", dir / "pod/dest") ==
        "cannot extract " + (dir / "link.tar") +
            ": entry 'a/evil' would be written through the symlink 'a'");
  CHECK_FALSE(fs::exists(dir / "evil"));
  CHECK_FALSE(fs::exists(dir / "pod/evil"));
  CHECK(names_in(dir / "pod").empty());  // no dest, no dest.tmpdir
}
