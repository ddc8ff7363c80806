/// What one run is asked to do: the workflow, the templates it may reference, and the
/// command line's overrides, already validated.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/local_objects.hpp"
#include "engine/retry_policy.hpp"
#include "graph/naming.hpp"
#include "graph/node.hpp"
#include "model/validate.hpp"
#include "model/workflow.hpp"

namespace engine {

class HttpClient;       // engine/http_client.hpp
class LockService;      // engine/synchronization.hpp
class ResourceBackend;  // engine/resource_backend.hpp
class MemoCache;        // engine/memo_cache.hpp
class ArtifactStore;    // engine/artifact_store.hpp

/// Argo's `Maximum recursion depth exceeded` limit (controller.go maxAllowedStackDepth).
inline constexpr int k_max_recursion_depth = 100;

struct RunRequest {
  const model::Workflow* workflow = nullptr;        ///< must outlive the run
  const model::TemplateLibrary* library = nullptr;  ///< templateRef targets; may be null
  std::string name;  ///< the workflow's final name (generateName already expanded)
  std::string uid;   ///< workflow.uid
  std::string namespace_name = "default";
  std::optional<std::string> entrypoint;  ///< --entrypoint
  /// -p / --parameter-file values, in order (later ones win); they override spec.arguments
  /// and add parameters the spec does not declare, as `argo submit -p` does.
  std::vector<std::pair<std::string, std::string>> parameters;
  /// --image-map FROM=TO: the image TO runs wherever a template names FROM.
  std::vector<std::pair<std::string, std::string>> image_map;
  int parallelism = 0;  ///< --parallelism: replaces spec.parallelism; 0: spec's, or no limit
  graph::PodNameVersion pod_names = graph::PodNameVersion::v2;
  int max_depth = k_max_recursion_depth;  ///< 0 disables the limit (DISABLE_MAX_RECURSION)
  graph::TimePoint created_at{};          ///< creationTimestamp; the clock's now when unset
  /// `steps.X.hostNodeName`: the machine pods run on (Kubernetes' node name); set by the CLI.
  std::string host_node_name;
  /// Secrets and configMaps for env valueFrom, envFrom and volumes; null: none (pods that
  /// need one fail with Kubernetes' `secret "x" not found`). Must outlive the run.
  const LocalObjects* objects = nullptr;
  /// Evaluates `retryStrategy.expression` (spec 2.3). Unset: the engine cannot evaluate one,
  /// so preflight must refuse them (PreflightOptions::retry_expression stays false).
  RetryExpressionEvaluator retry_expression;
  /// Argo's TRANSIENT_ERROR_PATTERN environment variable (a regex), read by the caller; empty:
  /// only the built-in transient patterns count for `retryPolicy: OnTransientError`.
  std::string transient_error_pattern;
  /// Sends http templates' requests (called off the run's thread); null: http templates
  /// fail with a clear message. Must outlive the run.
  HttpClient* http = nullptr;
  /// Carries out resource templates (podman kube play, kubectl); null: resource templates
  /// fail with a clear message. Must outlive the run.
  ResourceBackend* resources = nullptr;
  /// Holds `synchronization` mutexes and semaphores (file locks shared by the machine's
  /// runs, from the CLI); null: locks only this run sees. Must outlive the run.
  LockService* locks = nullptr;
  /// The local artifact repository's root directory (data templates' `artifactPaths`, key-only
  /// artifacts); empty: none configured.
  std::string artifact_root;
  /// Saves output artifacts to that repository and stages input artifacts for pods; null:
  /// templates with artifacts fail with a clear message. Must outlive the run.
  ArtifactStore* artifacts = nullptr;
  /// Keeps the outputs of `memoize` templates (spec 2.6); null: the engine cannot memoize,
  /// so preflight must refuse them (PreflightOptions::memoize stays false). Must outlive the run.
  MemoCache* memo = nullptr;
};

}  // namespace engine
