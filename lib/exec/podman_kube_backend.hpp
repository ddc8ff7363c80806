/// Resource templates without a cluster: Podman's `kube play` for Pod, Deployment and
/// PersistentVolumeClaim manifests (what podman 4.3 plays), `kube down` / `pod rm` to delete
/// them, pods selected by label with `pod ps --filter label=...`, and `pod inspect` mapped to
/// a Kubernetes Pod for conditions and outputs.
///
/// ConfigMaps and Secrets: podman 4.3's kube play does not create them (it only reads
/// ConfigMap files given with --configmap), so this backend keeps them itself, in memory, for
/// the run: create/apply/get/delete (also by selector) work on them, and they are gone when
/// the run ends, like every other object of a local run.
///
/// Everything played carries flowrun's labels (flowrun.run, .pid, .host, .workflow, .node),
/// so `flowrun gc` finds pods a killed run left behind. Only pods with flowrun.run are ever
/// selected by a `--selector`: a local run never touches pods it did not make.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/resource_backend.hpp"
#include "exec/podman_kube_cli.hpp"
#include "exec/tool_runner.hpp"

namespace exec {

/// How the backend reaches podman.
struct PodmanKubeOptions {
  std::string binary = "podman";
  std::string run_id;    ///< the flowrun.run label's value
  std::string work_dir;  ///< an existing directory for the manifests handed to kube play
  ToolRunner run;        ///< runs podman
  /// generateName's suffix; unset: five random characters, as Kubernetes appends.
  std::function<std::string()> name_suffix;
  /// flowrun.pid and flowrun.host labels (`k=v`); unset: this process's.
  std::vector<std::string> owner_labels;
};

/// The Podman backend.
class PodmanKubeBackend final : public engine::ResourceBackend {
 public:
  explicit PodmanKubeBackend(PodmanKubeOptions options);

  std::string describe() const override { return "podman kube play"; }
  std::optional<std::string> unsupported(const std::string& action, const std::string& api_version,
                                         const std::string& kind) const override;
  util::Result<engine::ResourceObject> execute(const engine::ResourceAction& action,
                                               const std::atomic<bool>& cancelled) override;
  util::Result<engine::ResourceObject> get(const engine::ResourceObject& object) override;
  std::vector<std::string> delete_owned() override;

 private:
  /// A ConfigMap or Secret kept in memory, or the manifest a pod was played from.
  struct Stored {
    std::string json;
    std::vector<std::pair<std::string, std::string>> labels;
  };
  using Key = std::pair<std::string, std::string>;  ///< kind, name

  util::Result<engine::ResourceObject> create(const engine::ResourceAction& action);
  util::Result<engine::ResourceObject> remove(const engine::ResourceAction& action);
  util::Result<engine::ResourceObject> remove_named(const std::string& kind,
                                                    const std::string& name);
  util::Result<engine::ResourceObject> remove_selected(const FlagTarget& target);
  util::Result<engine::ResourceObject> read(const std::string& kind, const std::string& name);
  util::Result<engine::ResourceObject> read_pod(const std::string& name);
  /// Runs argv; an error carrying podman's stderr when it fails.
  util::Result<ToolOutput> run_ok(const Argv& argv);
  /// Writes `json` to a new file in the work directory; its path.
  util::Result<std::string> write_manifest(const std::string& json);
  std::vector<std::string> labels_for(const engine::ResourceAction& action) const;

  PodmanKubeOptions m_options;
  std::mutex m_mutex;  ///< guards everything below (actions come from several threads)
  std::map<Key, Stored> m_objects;
  std::vector<Key> m_owned;
  int m_files = 0;
};

}  // namespace exec
