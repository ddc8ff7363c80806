/// Which backend carries out resource templates: `--kube-context CTX` -> kubectl against that
/// cluster; a podman run -> `podman kube play`; docker or the host runtime -> none (preflight
/// then refuses resource templates before anything starts). A dry run wraps the choice so
/// nothing is created but the same templates are refused.
#pragma once

#include <memory>
#include <string>

#include "engine/resource_backend.hpp"
#include "model/workflow.hpp"

#include "run_options.hpp"

namespace cli {

/// The backend and the directory its manifests are written to (removed with it).
class ResourceSetup {
 public:
  ResourceSetup() = default;
  ResourceSetup(const ResourceSetup&) = delete;
  ResourceSetup& operator=(const ResourceSetup&) = delete;
  ~ResourceSetup();

  /// The backend; null when none can run resource templates.
  engine::ResourceBackend* backend() const { return m_backend.get(); }
  /// Deletes what the run made with setOwnerReference, printing a warning per failure.
  void delete_owned();

  /// Chooses the backend for `options`. The container engine is only probed when the
  /// workflow has a resource template.
  static std::unique_ptr<ResourceSetup> choose(const RunOptions& options,
                                               const model::Workflow& workflow);

 private:
  std::unique_ptr<engine::ResourceBackend> m_backend;
  std::string m_work_dir;
};

}  // namespace cli
