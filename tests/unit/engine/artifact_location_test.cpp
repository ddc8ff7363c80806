// The local artifact repository's layout (artifact_location.hpp): which file an s3, gcs, oss,
// azure, hdfs or key-only location names, key normalisation, and what is refused.
#include "engine/artifact_location.hpp"

#include <catch2/catch.hpp>

namespace {

using engine::ArtifactAddress;
using engine::map_artifact_location;

/// "bucket_dir | path | key" of a mapping, or "error: <message>".
std::string mapped(std::string_view root, const ArtifactAddress& address) {
  util::Result<engine::LocalArtifactPath> result = map_artifact_location(root, address);
  if (!result.ok()) {
    return "error: " + result.error().message;
  }
  return result->bucket_dir + " | " + result->path + " | " + result->key;
}

}  // namespace

TEST_CASE("artifact location: a bucket is a directory under the root, the key a path in it") {
  CHECK(mapped("/repo", {"s3", "my-bucket", "logs/a.log"}) ==
        "/repo/my-bucket | /repo/my-bucket/logs/a.log | logs/a.log");
  CHECK(mapped("/repo", {"gcs", "b", "k"}) == "/repo/b | /repo/b/k | k");
  CHECK(mapped("/repo", {"oss", "b", "k"}) == "/repo/b | /repo/b/k | k");
  CHECK(mapped("/repo", {"azure", "container", "dir/blob"}) ==
        "/repo/container | /repo/container/dir/blob | dir/blob");
  // No key: the whole bucket.
  CHECK(mapped("/repo", {"s3", "b", ""}) == "/repo/b | /repo/b | ");
}

TEST_CASE("artifact location: key-only locations live in the root, the default bucket") {
  CHECK(mapped("/repo", {"s3", "", "my-file"}) == "/repo | /repo/my-file | my-file");
  CHECK(mapped("/repo", {"azure", "", "x/y"}) == "/repo | /repo/x/y | x/y");
  CHECK(mapped("/repo", {"s3", "", ""}) == "/repo | /repo | ");
  // {bucket: B, key: K} and {key: B/K} are the same file.
  CHECK(map_artifact_location("/repo", {"s3", "", "b/k"})->path ==
        map_artifact_location("/repo", {"s3", "b", "k"})->path);
  // hdfs paths are absolute: their leading '/' is dropped.
  CHECK(mapped("/repo", {"hdfs", "", "/data/in.csv"}) == "/repo | /repo/data/in.csv | data/in.csv");
}

TEST_CASE("artifact location: keys are normalised like Go's filepath.Clean") {
  CHECK(mapped("/repo", {"s3", "b", "./a//b/./c/"}) == "/repo/b | /repo/b/a/b/c | a/b/c");
  CHECK(mapped("/repo", {"s3", "b", "a/../c"}) == "/repo/b | /repo/b/c | c");
  CHECK(mapped("/repo/", {"s3", "b", "k"}) == "/repo/b | /repo/b/k | k");
  CHECK(mapped("/", {"s3", "b", "k"}) == "/b | /b/k | k");
  CHECK(mapped("/", {"s3", "", "k"}) == "/ | /k | k");
}

TEST_CASE("artifact location: normalize_artifact_key is the normalisation on its own") {
  CHECK(engine::normalize_artifact_key("./a//b/./c/") == "a/b/c");
  CHECK(engine::normalize_artifact_key("/a/../b") == "b");
  CHECK(engine::normalize_artifact_key("a/..") == "");
  CHECK(engine::normalize_artifact_key("") == "");
  CHECK_FALSE(engine::normalize_artifact_key("a/../..").has_value());
  CHECK_FALSE(engine::normalize_artifact_key("../x").has_value());
}

TEST_CASE("artifact location: escapes from the bucket or the root are refused") {
  CHECK(mapped("/repo", {"s3", "b", "../other/k"}) ==
        "error: s3.key '../other/k' leaves its bucket through '..'");
  CHECK(mapped("/repo", {"s3", "b", "a/../../k"}) ==
        "error: s3.key 'a/../../k' leaves its bucket through '..'");
  CHECK(mapped("/repo", {"azure", "", ".."}) ==
        "error: azure.blob '..' leaves its bucket through '..'");
  CHECK(mapped("/repo", {"s3", "..", "k"}) ==
        "error: s3.bucket '..' is not a directory name in the local artifact repository");
  CHECK(mapped("/repo", {"s3", ".", "k"}) ==
        "error: s3.bucket '.' is not a directory name in the local artifact repository");
  CHECK(mapped("/repo", {"azure", "a/b", "k"}) ==
        "error: azure.container 'a/b' is not a directory name in the local artifact repository");
}

TEST_CASE("artifact location: kinds that are not places in a repository have no local path") {
  for (const char* kind : {"http", "git", "raw", "artifactory", "plugin"}) {
    CHECK(mapped("/repo", {kind, "", "k"}) ==
          std::string("error: ") + kind +
              " artifacts have no place in the local artifact repository");
    CHECK_FALSE(engine::address_fields(kind));
  }
  CHECK(mapped("/repo", {"", "", "k"}) ==
        "error: location-less artifacts have no place in the local artifact repository");
  CHECK(mapped("", {"s3", "b", "k"}) == "error: no local artifact repository is configured");
  CHECK(engine::address_fields("azure")->bucket == "container");
  CHECK(engine::address_fields("hdfs")->bucket.empty());
}
