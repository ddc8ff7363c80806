/// Everything `flowrun run` was asked to do, as plain data the engine can take.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cli {

/// --runtime: where containers run.
enum class Runtime {
  auto_detect,  ///< "auto": docker if it answers, else podman
  docker,
  podman,
  host,  ///< run commands directly on this machine, without containers
};

/// -o/--output: how the result is printed on stdout.
enum class OutputFormat { tree, json, yaml, name };

/// --image-map FROM=TO: run image TO wherever a template names image FROM.
struct ImageMapping {
  std::string from;
  std::string to;
};

struct RunOptions {
  std::vector<std::string> files;  ///< manifests; exactly one Workflow among them
  /// -p NAME=VALUE, in command-line order (split on the first '=').
  std::vector<std::pair<std::string, std::string>> parameters;
  std::optional<std::string> parameter_file;  ///< --parameter-file
  std::optional<std::string> entrypoint;      ///< --entrypoint
  std::optional<std::string> name;            ///< --name: replaces metadata.name
  Runtime runtime = Runtime::auto_detect;
  /// --image-map values; run_workflow() appends --image-map-file, FLOWRUN_IMAGE_MAP and the
  /// default file's entries (image_map.hpp), so the engine sees all of them in order.
  std::vector<ImageMapping> image_map;
  std::optional<std::string> image_map_file;  ///< --image-map-file
  /// --secrets-dir / --configmaps-dir (or FLOWRUN_SECRETS_DIR / FLOWRUN_CONFIGMAPS_DIR):
  /// `<dir>/<name>/<key>` files answer secretKeyRef, configMapKeyRef, envFrom and volumes.
  std::string secrets_dir;
  std::string config_maps_dir;
  /// --artifact-repo (or FLOWRUN_ARTIFACT_REPO): the local artifact repository's root;
  /// empty: `<state dir>/artifacts`.
  std::string artifact_repo;
  /// --kube-context: resource templates go to this kubectl context; empty: podman kube play
  /// on Podman, none on Docker.
  std::string kube_context;
  OutputFormat output = OutputFormat::tree;
  bool dry_run = false;  ///< validate and stop before running anything
  int parallelism = 0;   ///< --parallelism: most pods at once; 0 means no limit
};

}  // namespace cli
