/// Putting an output artifact exactly at the place the engine chose for it
/// (engine::OutputArtifactRequest::host_path): a file as a file, a directory as a directory.
///
/// A container engine's `cp` does that when the destination does not exist yet, with one
/// exception: podman 4 copying a volume's mount point (or a symlink to one) out of a container
/// puts the directory's entries next to the destination, into its parent. So the executors
/// copy into a stage of their own first, a fresh directory beside host_path (same file system:
/// the last step is a rename), and settle_artifact_stage() tells the two outcomes apart.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace exec {

/// The name `cp` is asked to create inside the stage directory.
inline constexpr std::string_view k_artifact_stage_entry = ".flowrun-artifact";

/// Where `cp` copies an artifact before it moves to its host_path.
struct ArtifactStage {
  std::string dir;     ///< `<host_path>.flowrun-cp`: fresh and empty
  std::string target;  ///< `<dir>/.flowrun-artifact`: the destination to give `cp`
};

/// Makes a fresh, empty stage beside `host_path` (a stage left by an earlier attempt goes).
util::Result<ArtifactStage> make_artifact_stage(const std::string& host_path);

/// After `cp CONTAINER:PATH <stage.target>` succeeded: moves what it made to `host_path` and
/// removes the stage. The stage holding exactly `target` is the usual outcome; anything else
/// means the engine put a directory's entries into the stage, which then is that directory
/// (only a directory whose sole entry is named `.flowrun-artifact` could be mistaken).
/// False when the move failed (the stage is removed then too).
bool settle_artifact_stage(const ArtifactStage& stage, const std::string& host_path);

/// Removes the stage and whatever a failed `cp` left in it.
void discard_artifact_stage(const ArtifactStage& stage);

/// HostExecutor's copy: the file or directory `source` on this machine (symlinks followed)
/// to `host_path`, which must not exist yet. False when `source` does not exist or the copy
/// failed (or `host_path` exists); a partial copy is removed.
bool copy_local_artifact(const std::string& source, const std::string& host_path);

}  // namespace exec
