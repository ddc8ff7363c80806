// ContainerExecutor, once main has exited (whatever its exit code): its output parameter
// files and output artifacts are copied out of the stopped container with `cp`, before
// release() removes it.
#include <filesystem>

#include <fmt/format.h>

#include "exec/artifact_copy.hpp"
#include "exec/container_pod.hpp"
#include "util/text.hpp"

namespace exec {

std::string ContainerExecutor::container_path(Pod& pod, const std::string& path) {
  if (path.empty() || path.front() == '/') {
    return path;
  }
  // Relative paths are relative to the working directory, as for a process in it. docker's
  // `cp` takes them relative to `/` instead, so the directory is made explicit.
  if (!pod.work_dir) {
    std::string dir = pod.request.main.working_dir;
    if (dir.empty()) {
      // No workingDir: the image's WORKDIR (empty when it has none, which means `/`).
      if (auto inspected = run_cli(inspect_workdir_argv(m_options.binary, pod.base));
          inspected && inspected->exit_code == 0) {
        dir = std::string(util::trim(inspected->out));
      }
    }
    pod.work_dir = dir.empty() ? "/" : dir;
  }
  return (std::filesystem::path(*pod.work_dir) / path).string();
}

void ContainerExecutor::copy_outputs(Pod& pod, engine::PodEvent& event) {
  const std::vector<std::string>& outputs = pod.request.output_files;
  event.files.reserve(outputs.size());
  for (std::size_t index = 0; index < outputs.size(); ++index) {
    const std::string& path = outputs[index];
    const std::string host = fmt::format("{}/output-{}", pod.dir, index);
    auto copied = run_cli(cp_from_container_argv(m_dialect, m_options.binary, pod.base,
                                                 container_path(pod, path), host));
    std::optional<std::string> content;
    if (copied && copied->exit_code == 0) {
      content = read_whole_file(host);  // a directory is not a parameter's file: nullopt
    }
    event.files.emplace_back(path, std::move(content));
  }
}

void ContainerExecutor::copy_artifacts(Pod& pod, engine::PodEvent& event) {
  if (pod.request.daemon) {
    return;  // a daemon is stopped rather than finished: no executor reports its artifacts
  }
  event.artifacts.reserve(pod.request.output_artifacts.size());
  for (const engine::OutputArtifactRequest& artifact : pod.request.output_artifacts) {
    // Straight to host_path (through a stage beside it), not into pod.dir, which release()
    // removes. Any failing `cp` (docker exits 1, podman 125 for a missing path) counts as
    // a missing artifact.
    auto stage = make_artifact_stage(artifact.host_path);
    bool copied = false;
    if (stage) {
      auto ran = run_cli(cp_from_container_argv(m_dialect, m_options.binary, pod.base,
                                                container_path(pod, artifact.path), stage->target));
      if (ran && ran->exit_code == 0) {
        copied = settle_artifact_stage(*stage, artifact.host_path);
      } else {
        discard_artifact_stage(*stage);
      }
    }
    event.artifacts.push_back(copied);
  }
}

}  // namespace exec
