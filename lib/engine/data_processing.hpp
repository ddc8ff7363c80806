/// What a data template computes (spec 1.4; Argo's workflow/data ProcessData and the
/// executor's Data): the source's value, then each transformation in turn, JSON-encoded.
/// Pure functions of the file system and their arguments: they run off the run's thread.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "engine/artifact_location.hpp"
#include "util/result.hpp"

namespace engine {

/// `source.artifactPaths` over the local repository: every file below `location.path`
/// (recursively; symbolic links to files count, links to directories are not entered), as
/// the object key an object store would list for it, i.e. its path from the bucket's
/// directory (`<key>/<sub path>`), sorted by bytes as S3 lists keys. As Argo's S3 listing
/// treats the key as the prefix `<key>/`, a missing path or a plain file lists nothing; a
/// missing bucket directory (the repository root for key-only locations) is an error. Stops
/// early with an error when `cancelled` becomes true.
util::Result<std::vector<std::string>> list_artifact_keys(const LocalArtifactPath& location,
                                                          const std::atomic<bool>* cancelled);

/// Applies `expressions` in order to `keys`, each with the current value bound to `data`
/// (empty expressions are skipped, as Argo skips them), and returns the final value as
/// compact JSON (Go's json.Marshal: `["a","b"]`). Errors carry Argo's wording:
/// `unable to process data template: unable to process data transformation: error processing
/// data step 0: <the expression's error>`.
util::Result<std::string> transform_data(const std::vector<std::string>& keys,
                                         const std::vector<std::string>& expressions);

/// list_artifact_keys() then transform_data(); a listing error reads `unable to process data
/// template: unable to process data source: unable to source artifact paths: <why>`.
util::Result<std::string> process_data(const LocalArtifactPath& location,
                                       const std::vector<std::string>& expressions,
                                       const std::atomic<bool>* cancelled);

}  // namespace engine
