/// Resource templates against a cluster: `kubectl --context CTX`, the commands Argo's
/// executor runs (workflow/executor/resource.go getKubectlArguments), for `flowrun run
/// --kube-context CTX`. Any kind the cluster knows works; the cluster decides.
#pragma once

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/resource_backend.hpp"
#include "exec/container_cli.hpp"
#include "exec/tool_runner.hpp"

namespace exec {

/// How the backend reaches the cluster.
struct KubectlOptions {
  std::string binary = "kubectl";
  std::string context;   ///< --context
  std::string work_dir;  ///< an existing directory for the manifests handed to `-f`
  ToolRunner run;        ///< runs kubectl
};

/// `kubectl --context CTX ACTION [--ignore-not-found] [--type S -p PATCH] FLAGS... [-f FILE]
/// -o json|name`, as Argo builds it: a delete prints names, a patch takes the manifest as
/// `-p` (never `-f`), an empty `manifest_file` adds no `-f`.
Argv kubectl_action_argv(const KubectlOptions& options, const engine::ResourceAction& action,
                         const std::string& manifest_file);

/// `kubectl --context CTX get KIND NAME [-n NS] -o json`.
Argv kubectl_get_argv(const KubectlOptions& options, const engine::ResourceObject& object);

/// `kubectl --context CTX delete KIND NAME [-n NS] --ignore-not-found`.
Argv kubectl_delete_argv(const KubectlOptions& options, const engine::ResourceObject& object);

/// The object kubectl printed with `-o json`: kind, metadata.name and .namespace.
util::Result<engine::ResourceObject> parse_kubectl_object(const std::string& json);

/// The kubectl backend.
class KubectlBackend final : public engine::ResourceBackend {
 public:
  explicit KubectlBackend(KubectlOptions options) : m_options(std::move(options)) {}

  std::string describe() const override { return "kubectl --context " + m_options.context; }
  std::optional<std::string> unsupported(const std::string& /*action*/,
                                         const std::string& /*api_version*/,
                                         const std::string& /*kind*/) const override {
    return std::nullopt;  // the cluster decides
  }
  util::Result<engine::ResourceObject> execute(const engine::ResourceAction& action,
                                               const std::atomic<bool>& cancelled) override;
  util::Result<engine::ResourceObject> get(const engine::ResourceObject& object) override;
  std::vector<std::string> delete_owned() override;

 private:
  KubectlOptions m_options;
  std::mutex m_mutex;  ///< guards the two below
  std::vector<engine::ResourceObject> m_owned;
  int m_files = 0;
};

}  // namespace exec
