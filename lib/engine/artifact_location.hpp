/// The local artifact repository (spec 2.2, 10): a directory standing in for Argo's object
/// stores. An artifact location names a place in it:
///   s3 / gcs / oss `{bucket: B, key: K}`  ->  <root>/B/K
///   azure `{container: C, blob: K}`       ->  <root>/C/K
///   key-only `{key: K}` (no bucket)       ->  <root>/K
///   hdfs `{path: P}`                      ->  <root>/P (P's leading '/' dropped)
/// The root itself is the default bucket that key-only artifacts use (Argo's configured
/// artifact repository), and a bucket is a directory below it; so `{bucket: B, key: K}` and
/// `{key: B/K}` name the same file. http, git, raw, artifactory and plugin locations are not
/// places in a repository and have no local path.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace engine {

/// The names of a location kind's fields that say where it is.
struct AddressFields {
  std::string_view bucket;  ///< "bucket" / "container"; empty: the kind has none (hdfs)
  std::string_view key;     ///< "key" / "blob" / "path"
};

/// The fields for `kind` ("s3", "azure", ...), or nullopt when the kind has no place in a
/// local repository (http, git, raw, artifactory, plugin, unknown kinds).
std::optional<AddressFields> address_fields(std::string_view kind);

/// A location as written (after `{{...}}` substitution): its kind and the values of its
/// bucket-like and key-like fields (empty when absent).
struct ArtifactAddress {
  std::string kind;
  std::string bucket;
  std::string key;
};

/// Where an address is in the repository.
struct LocalArtifactPath {
  std::string bucket;      ///< the bucket as given; empty for the root (key-only, hdfs)
  std::string key;         ///< the key, normalised: '/'-separated, no `.`, no empty parts
  std::string bucket_dir;  ///< `<root>/<bucket>`, or `<root>` without a bucket
  std::string path;        ///< `<bucket_dir>/<key>` (`<bucket_dir>` for an empty key)
};

/// `key` as a path below its bucket: '/'-separated, `.` and empty parts dropped, `a/../b` made
/// `b` (as Go's filepath.Clean); a leading '/' is dropped like an empty part. nullopt when a
/// `..` climbs above the bucket. The one normalisation every repository path goes through.
std::optional<std::string> normalize_artifact_key(std::string_view key);

/// Maps `address` into the repository at `root`. Errors (invalid_input): a kind without a
/// local place, a bucket that is not one directory name (empty only when the kind has no
/// bucket), and a key whose `..` parts climb above its bucket. `a/../b` is `b`, as Go's
/// filepath.Clean, which Argo's S3 listing applies to keys, makes it.
util::Result<LocalArtifactPath> map_artifact_location(std::string_view root,
                                                      const ArtifactAddress& address);

}  // namespace engine
