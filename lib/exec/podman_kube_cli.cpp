#include "exec/podman_kube_cli.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/preflight_resource.hpp"
#include "exec/gc.hpp"
#include "util/text.hpp"

namespace exec {
namespace {

using nlohmann::json;

/// Flags kubectl takes that change nothing locally.
constexpr std::string_view k_ignored_flags[] = {"--ignore-not-found", "--ignore-not-found=true",
                                                "--wait=false",       "--validate=false",
                                                "--wait=true",        "--now"};

void add_selector(FlagTarget& target, std::string_view text) {
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t comma = rest.find(',');
    std::string_view term = util::trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const std::size_t eq = term.find('=');
    if (eq == std::string_view::npos) {
      target.selector.emplace_back(std::string(term), std::string());
      continue;
    }
    std::string_view value = term.substr(eq + 1);
    if (!value.empty() && value.front() == '=') {
      value.remove_prefix(1);  // `k==v`
    }
    target.selector.emplace_back(std::string(util::trim(term.substr(0, eq))),
                                 std::string(util::trim(value)));
  }
}

std::optional<json> parse_object(std::string_view text) {
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    return std::nullopt;
  }
  if (parsed.is_array() && parsed.size() == 1) {
    parsed = parsed.front();
  }
  if (!parsed.is_object()) {
    return std::nullopt;
  }
  return parsed;
}

void add_labels(json& metadata, const std::vector<std::string>& labels) {
  if (!metadata.is_object()) {
    metadata = json::object();
  }
  json& target = metadata["labels"];
  if (!target.is_object()) {
    target = json::object();
  }
  for (const std::string& label : labels) {
    const std::size_t eq = label.find('=');
    target[label.substr(0, eq)] = eq == std::string::npos ? "" : label.substr(eq + 1);
  }
}

/// Maps `image` in every `containers` / `initContainers` list anywhere in `node`.
void map_images(json& node, const std::vector<std::pair<std::string, std::string>>& image_map) {
  if (node.is_array()) {
    for (json& item : node) {
      map_images(item, image_map);
    }
    return;
  }
  if (!node.is_object()) {
    return;
  }
  for (auto& [key, value] : node.items()) {
    if ((key == "containers" || key == "initContainers") && value.is_array()) {
      for (json& container : value) {
        if (!container.is_object() || !container.contains("image") ||
            !container["image"].is_string()) {
          continue;
        }
        const std::string image = container["image"].get<std::string>();
        for (const auto& [from, to] : image_map) {
          if (from == image) {
            container["image"] = to;
            break;
          }
        }
      }
    } else {
      map_images(value, image_map);
    }
  }
}

struct ContainerState {
  std::string name;
  std::string status;  ///< podman's: created, running, exited, ...
  int exit_code = 0;
};

std::vector<ContainerState> parse_states(std::string_view text, const std::string& pod) {
  std::vector<ContainerState> states;
  for (const std::string& line : parse_lines(text)) {
    std::vector<std::string> fields(1);
    for (const char c : line) {
      if (c == '\t') {
        fields.emplace_back();
      } else {
        fields.back() += c;
      }
    }
    if (fields.size() != 3) {
      continue;
    }
    ContainerState state;
    state.name = fields[0];
    if (state.name.rfind(pod + "-", 0) == 0) {
      state.name = state.name.substr(pod.size() + 1);  // kube play names them <pod>-<name>
    }
    state.status = fields[1];
    state.exit_code = std::atoi(fields[2].c_str());
    states.push_back(std::move(state));
  }
  return states;
}

/// Kubernetes' pod phase from the containers' states.
std::string pod_phase(const std::vector<ContainerState>& states) {
  if (states.empty()) {
    return "Pending";
  }
  bool all_exited = true;
  bool any_failed = false;
  bool any_running = false;
  for (const ContainerState& state : states) {
    const bool exited = state.status == "exited" || state.status == "stopped";
    all_exited = all_exited && exited;
    any_failed = any_failed || (exited && state.exit_code != 0);
    any_running = any_running || state.status == "running" || state.status == "paused" ||
                  state.status == "stopping";
  }
  if (all_exited) {
    return any_failed ? "Failed" : "Succeeded";
  }
  return any_running ? "Running" : "Pending";
}

json container_status(const ContainerState& state) {
  json status{{"name", state.name}};
  if (state.status == "exited" || state.status == "stopped") {
    status["state"] = {{"terminated",
                        {{"exitCode", state.exit_code},
                         {"reason", state.exit_code == 0 ? "Completed" : "Error"}}}};
  } else if (state.status == "running") {
    status["state"] = {{"running", json::object()}};
  } else {
    status["state"] = {{"waiting", {{"reason", "ContainerCreating"}}}};
  }
  status["ready"] = state.status == "running";
  return status;
}

}  // namespace

util::Result<FlagTarget> parse_resource_flags(const std::vector<std::string>& flags) {
  FlagTarget target;
  for (std::size_t i = 0; i < flags.size(); ++i) {
    const std::string& flag = flags[i];
    if (flag == "--selector" || flag == "-l") {
      if (i + 1 == flags.size()) {
        return util::make_error(util::ErrorCode::invalid_input,
                                fmt::format("flag needs an argument: {}", flag));
      }
      add_selector(target, flags[++i]);
    } else if (flag.rfind("--selector=", 0) == 0 || flag.rfind("-l=", 0) == 0) {
      add_selector(target, std::string_view(flag).substr(flag.find('=') + 1));
    } else if (std::find(std::begin(k_ignored_flags), std::end(k_ignored_flags), flag) !=
               std::end(k_ignored_flags)) {
      continue;
    } else if (!flag.empty() && flag.front() == '-') {
      return util::make_error(
          util::ErrorCode::not_supported,
          fmt::format("flag {} is not supported locally by podman kube play", flag));
    } else if (const std::size_t slash = flag.find('/'); slash != std::string::npos) {
      target.kind = engine::kind_from_resource_name(flag.substr(0, slash));
      target.names.push_back(flag.substr(slash + 1));
    } else if (target.kind.empty()) {
      target.kind = engine::kind_from_resource_name(flag);
    } else {
      target.names.push_back(flag);
    }
  }
  if (target.kind.empty()) {
    return util::make_error(util::ErrorCode::invalid_input,
                            "the flags name no kind of resource (e.g. [pod, --selector, app=x])");
  }
  return target;
}

Argv kube_play_argv(const std::string& binary, const std::string& file, bool replace) {
  Argv argv{binary, "kube", "play"};
  if (replace) {
    argv.push_back("--replace");
  }
  argv.push_back(file);
  return argv;
}

Argv kube_down_argv(const std::string& binary, const std::string& file) {
  return {binary, "kube", "down", file};
}

Argv pod_inspect_argv(const std::string& binary, const std::string& name) {
  return {binary, "pod", "inspect", name};
}

Argv container_states_argv(const std::string& binary, const std::vector<std::string>& ids) {
  Argv argv{binary, "container", "inspect", "--format",
            "{{.Name}}\t{{.State.Status}}\t{{.State.ExitCode}}"};
  argv.insert(argv.end(), ids.begin(), ids.end());
  return argv;
}

Argv pod_select_argv(const std::string& binary,
                     const std::vector<std::pair<std::string, std::string>>& selector) {
  Argv argv{binary, "pod", "ps", "--filter", fmt::format("label={}", k_label_run)};
  for (const auto& [key, value] : selector) {
    argv.insert(argv.end(), {"--filter", value.empty() ? fmt::format("label={}", key)
                                                       : fmt::format("label={}={}", key, value)});
  }
  argv.insert(argv.end(), {"--format", "{{.Name}}"});
  return argv;
}

Argv pod_rm_argv(const std::string& binary, const std::vector<std::string>& names) {
  // Killed at once: busybox's `sleep` as PID 1 ignores SIGTERM, so a grace period would
  // only make every delete take its full length.
  Argv argv{binary, "pod", "rm", "-f", "-t", "0"};
  argv.insert(argv.end(), names.begin(), names.end());
  return argv;
}

Argv volume_inspect_argv(const std::string& binary, const std::string& name) {
  return {binary, "volume", "inspect", name};
}

Argv volume_rm_argv(const std::string& binary, const std::string& name) {
  return {binary, "volume", "rm", "-f", name};
}

util::Result<PreparedManifest> prepare_manifest(
    std::string_view manifest_json, const std::vector<std::string>& labels, std::string_view suffix,
    const std::vector<std::pair<std::string, std::string>>& image_map) {
  std::optional<json> object = parse_object(manifest_json);
  if (!object) {
    return util::make_error(util::ErrorCode::invalid_input, "the manifest is not an object");
  }
  json& metadata = (*object)["metadata"];
  if (!metadata.is_object()) {
    metadata = json::object();
  }
  std::string name = metadata.value("name", "");
  if (name.empty()) {
    const std::string prefix = metadata.value("generateName", "");
    if (prefix.empty()) {
      return util::make_error(util::ErrorCode::invalid_input,
                              "Kind and name are both required but at least one of them is "
                              "missing from the manifest");
    }
    name = prefix + std::string(suffix);
    metadata["name"] = name;
    metadata.erase("generateName");
  }
  PreparedManifest prepared;
  prepared.kind = object->value("kind", "");
  if (prepared.kind.empty()) {
    return util::make_error(util::ErrorCode::invalid_input,
                            "Kind and name are both required but at least one of them is "
                            "missing from the manifest");
  }
  add_labels(metadata, labels);
  map_images(*object, image_map);
  if (prepared.kind == "Deployment" && object->contains("spec") &&
      (*object)["spec"].contains("template")) {
    add_labels((*object)["spec"]["template"]["metadata"], labels);
  }
  prepared.name = name;
  for (const auto& [key, value] : metadata["labels"].items()) {
    prepared.labels.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  prepared.json = object->dump();
  return prepared;
}

std::vector<std::string> pod_container_ids(std::string_view inspect_json) {
  std::vector<std::string> ids;
  const std::optional<json> pod = parse_object(inspect_json);
  if (!pod || !pod->contains("Containers") || !(*pod)["Containers"].is_array()) {
    return ids;
  }
  const std::string infra = pod->value("InfraContainerID", "");
  for (const json& container : (*pod)["Containers"]) {
    const std::string id = container.value("Id", "");
    if (!id.empty() && id != infra) {
      ids.push_back(id);
    }
  }
  return ids;
}

util::Result<std::string> pod_json(std::string_view inspect_json, std::string_view states,
                                   std::string_view manifest_json) {
  const std::optional<json> pod = parse_object(inspect_json);
  if (!pod) {
    return util::make_error(util::ErrorCode::internal,
                            "podman pod inspect printed no pod: " + std::string(inspect_json));
  }
  const std::string name = pod->value("Name", "");
  json labels = json::object();
  if (pod->contains("Labels") && (*pod)["Labels"].is_object()) {
    for (const auto& [key, value] : (*pod)["Labels"].items()) {
      if (key.rfind("flowrun.", 0) != 0) {
        labels[key] = value;
      }
    }
  }
  json out{{"apiVersion", "v1"},
           {"kind", "Pod"},
           {"metadata",
            {{"name", name},
             {"uid", pod->value("Id", "")},
             {"labels", labels},
             {"creationTimestamp", pod->value("Created", "")}}}};
  if (const std::optional<json> manifest = parse_object(manifest_json);
      manifest && manifest->contains("spec")) {
    out["spec"] = (*manifest)["spec"];
  }
  const std::vector<ContainerState> parsed = parse_states(states, name);
  json statuses = json::array();
  for (const ContainerState& state : parsed) {
    statuses.push_back(container_status(state));
  }
  out["status"] = {{"phase", pod_phase(parsed)}, {"containerStatuses", statuses}};
  return out.dump();
}

bool labels_match(const std::vector<std::pair<std::string, std::string>>& labels,
                  const std::vector<std::pair<std::string, std::string>>& selector) {
  return std::all_of(selector.begin(), selector.end(), [&](const auto& term) {
    return std::any_of(labels.begin(), labels.end(), [&](const auto& label) {
      return label.first == term.first && (term.second.empty() || label.second == term.second);
    });
  });
}

}  // namespace exec
