// What a data template computes (data_processing.hpp): the listing of the local artifact
// repository as object keys, and the transformations over it, on directories the tests build.
#include "engine/data_processing.hpp"

#include <filesystem>

#include <catch2/catch.hpp>

#include "unit/store/store_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using Keys = std::vector<std::string>;
using store_test::ScratchDir;
using store_test::write_text;

/// Makes `path` (and its parents) and writes a small file there.
void touch(const std::string& path) {
  fs::create_directories(fs::path(path).parent_path());
  write_text(path, "x");
}

engine::LocalArtifactPath at(const ScratchDir& root, const std::string& bucket,
                             const std::string& key) {
  return engine::map_artifact_location(root.path(), {"s3", bucket, key}).value();
}

/// The keys, or "error: <message>" as the only element.
Keys listed(const engine::LocalArtifactPath& location) {
  util::Result<Keys> keys = engine::list_artifact_keys(location, nullptr);
  return keys.ok() ? keys.value() : Keys{"error: " + keys.error().message};
}

/// The JSON, or "error: <message>".
std::string transformed(const Keys& keys, const Keys& expressions) {
  util::Result<std::string> json = engine::transform_data(keys, expressions);
  return json.ok() ? json.value() : "error: " + json.error().message;
}

}  // namespace

TEST_CASE("data listing: every file below the key, as keys from the bucket, sorted") {
  ScratchDir root;
  REQUIRE(!root.path().empty());
  touch(root / "b/reports/z.pdf");
  touch(root / "b/reports/a.txt");
  touch(root / "b/reports/2024/jan.pdf");
  touch(root / "b/reports/B.pdf");
  touch(root / "b/other.pdf");
  fs::create_directories(root / "b/reports/empty");  // S3 has no directories: not listed
  CHECK(listed(at(root, "b", "reports")) ==
        Keys{"reports/2024/jan.pdf", "reports/B.pdf", "reports/a.txt", "reports/z.pdf"});
  CHECK(listed(at(root, "b", "")) == Keys{"other.pdf", "reports/2024/jan.pdf", "reports/B.pdf",
                                          "reports/a.txt", "reports/z.pdf"});
  // A key is normalised first, so the keys carry its clean form.
  CHECK(listed(at(root, "b", "./reports/2024/")) == Keys{"reports/2024/jan.pdf"});
  // Key-only: the root is the bucket, so bucket directories are part of the keys.
  CHECK(listed(at(root, "", "b/reports/2024")) == Keys{"b/reports/2024/jan.pdf"});
}

TEST_CASE("data listing: links to files count, links to directories are not entered") {
  ScratchDir root;
  REQUIRE(!root.path().empty());
  touch(root / "b/d/real.txt");
  fs::create_symlink(root / "b/d/real.txt", root / "b/d/link.txt");
  fs::create_directories(root / "elsewhere");
  touch(root / "elsewhere/hidden.txt");
  fs::create_directory_symlink(root / "elsewhere", root / "b/d/dirlink");
  fs::create_symlink(root / "b/d/gone", root / "b/d/dangling");
  CHECK(listed(at(root, "b", "d")) == Keys{"d/link.txt", "d/real.txt"});
}

TEST_CASE("data listing: a missing prefix lists nothing, a missing bucket is an error") {
  ScratchDir root;
  REQUIRE(!root.path().empty());
  touch(root / "b/file.pdf");
  // As S3 lists the prefix `<key>/`: no such objects, or a key naming one object, give [].
  CHECK(listed(at(root, "b", "no-such-dir")).empty());
  CHECK(listed(at(root, "b", "file.pdf")).empty());
  CHECK(listed(at(root, "missing", "k")) ==
        Keys{"error: The specified bucket does not exist (the local artifact repository has no "
             "directory " +
             root.path() + "/missing)"});
  const engine::LocalArtifactPath no_root =
      engine::map_artifact_location(root / "nowhere", {"s3", "", "k"}).value();
  CHECK(listed(no_root) ==
        Keys{"error: the local artifact repository " + root.path() +
             "/nowhere does not exist (set it with --artifact-repo or FLOWRUN_ARTIFACT_REPO)"});
  const std::atomic<bool> cancelled{true};
  util::Result<Keys> stopped = engine::list_artifact_keys(at(root, "b", ""), &cancelled);
  REQUIRE_FALSE(stopped.ok());
  CHECK(stopped.error().message == "the listing was cancelled");
}

TEST_CASE("data transformations: filter and map in order, as Argo's data tests do") {
  const Keys files{"foo.py", "bar.pdf", "goo/foo.py", "moo/bar.pdf"};
  CHECK(transformed(files, {}) == R"(["foo.py","bar.pdf","goo/foo.py","moo/bar.pdf"])");
  CHECK(transformed(files, {"filter(data, {# endsWith '.py'})"}) == R"(["foo.py","goo/foo.py"])");
  CHECK(transformed(files, {"filter(data, {# contains '/'})",
                            "filter(data, {# contains 'foo'})"}) == R"(["goo/foo.py"])");
  CHECK(transformed(files, {"filter(data, {not(# contains '/')})", "map(data, {# + '.processed'})",
                            ""}) == R"(["foo.py.processed","bar.pdf.processed"])");
  CHECK(transformed({}, {}) == "[]");
  CHECK(transformed({}, {R"(filter(data, {# endsWith ".pdf"}))"}) == "[]");
  // Any value may come out; Go's json.Marshal encodes it (escaping <, > and &).
  CHECK(transformed(files, {"len(data)"}) == "4");
  CHECK(transformed({"a<b&c"}, {"data[0]"}) == R"("a\u003cb\u0026c")");
}

TEST_CASE("data transformations: a failing step is reported with its index and error") {
  const Keys files{"a.pdf"};
  CHECK(transformed(files, {"data", "map(data, {# + '.x'}"}) ==
        "error: unable to process data template: unable to process data transformation: error "
        "processing data step 1: cannot parse expression 'map(data, {# + '.x'}': unexpected "
        "token EOF (1:21)");
  CHECK(transformed(files, {"filter(data, {# endsWith suffix})"}) ==
        "error: unable to process data template: unable to process data transformation: error "
        "processing data step 0: failed to evaluate expression 'filter(data, {# endsWith "
        "suffix})': unknown name suffix (1:26)");
}
