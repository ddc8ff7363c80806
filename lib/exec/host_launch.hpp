/// The pure parts of running a pod as a host process: its argv, its environment, where it
/// runs and how its output files are found. Kept apart from HostExecutor so they can be
/// tested without starting anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/executor.hpp"
#include "util/result.hpp"

namespace exec {

/// Name/value pairs, later ones replacing earlier ones of the same name.
using EnvList = std::vector<std::pair<std::string, std::string>>;

/// The process's argv: command then args (never through a shell). When command is empty,
/// args[0] is the program, as when an image without ENTRYPOINT gets args. Every element equal
/// to engine::k_script_path becomes `script_path`. Fails (invalid_input) when both are empty:
/// the image's own command is unknown without the image.
util::Result<std::vector<std::string>> host_argv(const engine::ContainerSpec& container,
                                                 const std::string& script_path);

/// The process's environment: `host` (flowrun's own), then the container's env, then
/// ARGO_WORKFLOW_NAME, ARGO_NODE_ID, ARGO_POD_NAME and ARGO_CONTAINER_NAME, which Argo's
/// controller also sets last. Each name appears once.
EnvList host_environment(const EnvList& host, const engine::PodRequest& request);

/// flowrun's own environment (from `environ`), in order.
EnvList current_environment();

/// The pod's directory name under the executor's root: the pod name, made safe as a single
/// path component (no '/', not "." or ".."); the node ID when the pod name is empty.
std::string work_dir_name(const engine::PodRequest& request);

/// The directory the process starts in: `work_dir`, or a relative container working_dir
/// below it. An absolute working_dir names a directory inside the image, which the host
/// runtime does not have: it is ignored.
std::string host_cwd(const std::string& work_dir, const engine::ContainerSpec& container);

/// Where an output file is read from: an absolute path as-is on the host, a relative one
/// below `cwd`.
std::string host_output_path(const std::string& path, const std::string& cwd);

/// The whole content of a regular file; nullopt when it is missing or not a regular file.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace exec
