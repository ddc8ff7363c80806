#include "exec/podman_kube_backend.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exec/gc.hpp"
#include "util/ids.hpp"

#include <unistd.h>

namespace exec {
namespace {

using nlohmann::json;

constexpr std::string_view k_kinds[] = {"Pod", "Deployment", "PersistentVolumeClaim", "ConfigMap",
                                        "Secret"};

engine::ResourceObject make_object(std::string kind, std::string name, std::string text = {}) {
  engine::ResourceObject object;
  object.kind = std::move(kind);
  object.name = std::move(name);
  object.json = std::move(text);
  return object;
}

bool kept_in_memory(const std::string& kind) {
  return kind == "ConfigMap" || kind == "Secret";
}

/// kubectl's plural resource name, for its messages (`configmaps "x" not found`).
std::string plural(const std::string& kind) {
  std::string lower;
  for (const char c : kind) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower + "s";
}

std::vector<std::string> default_owner_labels() {
  char host[256] = {};
  (void)::gethostname(host, sizeof host - 1);
  return {fmt::format("{}={}", k_label_pid, ::getpid()), fmt::format("{}={}", k_label_host, host)};
}

/// The manifest with `status` set: what a cluster would answer for kinds podman keeps no
/// state of (PersistentVolumeClaim, Deployment).
std::string with_status(const std::string& manifest, json status) {
  json object = json::parse(manifest, nullptr, false);
  if (!object.is_object()) {
    object = json::object();
  }
  object["status"] = std::move(status);
  return object.dump();
}

}  // namespace

PodmanKubeBackend::PodmanKubeBackend(PodmanKubeOptions options) : m_options(std::move(options)) {
  if (!m_options.name_suffix) {
    m_options.name_suffix = [] { return util::random_name_suffix(); };
  }
  if (m_options.owner_labels.empty()) {
    m_options.owner_labels = default_owner_labels();
  }
}

std::optional<std::string> PodmanKubeBackend::unsupported(const std::string& action,
                                                          const std::string& /*api_version*/,
                                                          const std::string& kind) const {
  if (std::find(std::begin(k_kinds), std::end(k_kinds), kind) == std::end(k_kinds)) {
    return fmt::format(
        "kind {} is not supported locally by podman kube play: it runs Pod, Deployment, "
        "PersistentVolumeClaim, ConfigMap and Secret manifests (give --kube-context to use a "
        "cluster)",
        kind);
  }
  if (action == "patch") {
    return fmt::format(
        "action patch is not supported locally by podman kube play: objects can be created, "
        "applied, replaced, read and deleted (give --kube-context to use a cluster)");
  }
  return std::nullopt;
}

util::Result<engine::ResourceObject> PodmanKubeBackend::execute(
    const engine::ResourceAction& action, const std::atomic<bool>& /*cancelled*/) {
  if (action.action == "create" || action.action == "apply" || action.action == "replace") {
    return create(action);
  }
  if (action.action == "delete") {
    return remove(action);
  }
  if (action.action == "get") {
    if (!action.manifest.empty()) {
      auto prepared = prepare_manifest(action.manifest, {}, "");
      if (!prepared) {
        return prepared.error();
      }
      return read(prepared->kind, prepared->name);
    }
    auto target = parse_resource_flags(action.flags);
    if (!target) {
      return target.error();
    }
    if (target->names.size() != 1) {
      return util::make_error(util::ErrorCode::not_supported,
                              "get needs exactly one object name in its flags locally");
    }
    return read(target->kind, target->names.front());
  }
  auto why = unsupported(action.action, "", "Pod");
  return util::make_error(util::ErrorCode::not_supported,
                          why ? *why : fmt::format("unknown action {}", action.action));
}

std::vector<std::string> PodmanKubeBackend::labels_for(const engine::ResourceAction& action) const {
  std::vector<std::string> labels{fmt::format("{}={}", k_label_run, m_options.run_id)};
  labels.insert(labels.end(), m_options.owner_labels.begin(), m_options.owner_labels.end());
  labels.push_back(fmt::format("{}={}", k_label_workflow, action.workflow_name));
  labels.push_back(fmt::format("{}={}", k_label_node, action.node_id));
  return labels;
}

util::Result<engine::ResourceObject> PodmanKubeBackend::create(
    const engine::ResourceAction& action) {
  auto prepared = prepare_manifest(action.manifest, labels_for(action), m_options.name_suffix(),
                                   action.image_map);
  if (!prepared) {
    return prepared.error();
  }
  if (auto why = unsupported(action.action, "", prepared->kind)) {
    return util::make_error(util::ErrorCode::not_supported, *why);
  }
  const Key key{prepared->kind, prepared->name};
  if (kept_in_memory(prepared->kind)) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (action.action == "create" && m_objects.count(key) != 0) {
      return util::make_error(util::ErrorCode::invalid_input,
                              fmt::format("Error from server (AlreadyExists): {} \"{}\" already "
                                          "exists",
                                          plural(prepared->kind), prepared->name));
    }
    m_objects[key] = Stored{prepared->json, prepared->labels};
  } else {
    auto file = write_manifest(prepared->json);
    if (!file) {
      return file.error();
    }
    auto played = run_ok(kube_play_argv(m_options.binary, *file, action.action != "create"));
    if (!played) {
      return played.error();
    }
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_objects[key] = Stored{prepared->json, prepared->labels};
  }
  if (action.owned) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_owned.push_back(key);
  }
  return read(prepared->kind, prepared->name);
}

util::Result<engine::ResourceObject> PodmanKubeBackend::remove(
    const engine::ResourceAction& action) {
  if (!action.manifest.empty()) {
    auto prepared = prepare_manifest(action.manifest, {}, "");
    if (!prepared) {
      return prepared.error();
    }
    return remove_named(prepared->kind, prepared->name);
  }
  auto target = parse_resource_flags(action.flags);
  if (!target) {
    return target.error();
  }
  if (auto why = unsupported("delete", "", target->kind)) {
    return util::make_error(util::ErrorCode::not_supported, *why);
  }
  for (const std::string& name : target->names) {
    auto removed = remove_named(target->kind, name);
    if (!removed) {
      return removed.error();
    }
  }
  if (!target->selector.empty()) {
    return remove_selected(*target);
  }
  return make_object(target->kind, {});
}

util::Result<engine::ResourceObject> PodmanKubeBackend::remove_named(const std::string& kind,
                                                                     const std::string& name) {
  const Key key{kind, name};
  std::optional<Stored> stored;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (auto it = m_objects.find(key); it != m_objects.end()) {
      stored = it->second;
      m_objects.erase(it);
    }
  }
  if (kept_in_memory(kind)) {
    return make_object(kind, name);  // --ignore-not-found, as Argo passes it
  }
  util::Result<ToolOutput> done = util::make_error(util::ErrorCode::internal, "");
  if (kind == "PersistentVolumeClaim") {
    done = run_ok(volume_rm_argv(m_options.binary, name));
  } else if (kind == "Deployment" && stored) {
    auto file = write_manifest(stored->json);
    if (!file) {
      return file.error();
    }
    done = run_ok(kube_down_argv(m_options.binary, *file));
  } else {
    done = run_ok(pod_rm_argv(m_options.binary, {kind == "Deployment" ? name + "-pod-0" : name}));
  }
  if (!done && done.error().message.find("no such") == std::string::npos) {
    return done.error();
  }
  return make_object(kind, name);
}

util::Result<engine::ResourceObject> PodmanKubeBackend::remove_selected(const FlagTarget& target) {
  if (kept_in_memory(target.kind)) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    for (auto it = m_objects.begin(); it != m_objects.end();) {
      const bool match =
          it->first.first == target.kind && labels_match(it->second.labels, target.selector);
      it = match ? m_objects.erase(it) : std::next(it);
    }
    return make_object(target.kind, {});
  }
  if (target.kind != "Pod") {
    return util::make_error(
        util::ErrorCode::not_supported,
        fmt::format("deleting {} by selector is not supported locally by podman kube play "
                    "(pods, configmaps and secrets are)",
                    plural(target.kind)));
  }
  auto listed = run_ok(pod_select_argv(m_options.binary, target.selector));
  if (!listed) {
    return listed.error();
  }
  const std::vector<std::string> names = parse_lines(listed->out);
  if (!names.empty()) {
    auto removed = run_ok(pod_rm_argv(m_options.binary, names));
    if (!removed) {
      return removed.error();
    }
  }
  return make_object(target.kind, {});
}

util::Result<engine::ResourceObject> PodmanKubeBackend::get(const engine::ResourceObject& object) {
  return read(object.kind, object.name);
}

util::Result<engine::ResourceObject> PodmanKubeBackend::read(const std::string& kind,
                                                             const std::string& name) {
  std::optional<Stored> stored;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (auto it = m_objects.find({kind, name}); it != m_objects.end()) {
      stored = it->second;
    }
  }
  const auto not_found = [&] {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("Error from server (NotFound): {} \"{}\" not found", plural(kind), name));
  };
  if (kind == "Pod") {
    return read_pod(name);
  }
  if (!stored) {
    return not_found();
  }
  if (kind == "PersistentVolumeClaim") {
    if (!run_ok(volume_inspect_argv(m_options.binary, name))) {
      return not_found();
    }
    return make_object(kind, name, with_status(stored->json, {{"phase", "Bound"}}));
  }
  if (kind == "Deployment") {
    auto pod = read_pod(name + "-pod-0");
    const bool ready =
        pod &&
        json::parse(pod->json, nullptr, false).value("/status/phase"_json_pointer, "") == "Running";
    return make_object(kind, name,
                       with_status(stored->json, {{"replicas", 1},
                                                  {"readyReplicas", ready ? 1 : 0},
                                                  {"availableReplicas", ready ? 1 : 0}}));
  }
  return make_object(kind, name, stored->json);
}

util::Result<engine::ResourceObject> PodmanKubeBackend::read_pod(const std::string& name) {
  auto inspected = run_ok(pod_inspect_argv(m_options.binary, name));
  if (!inspected) {
    if (inspected.error().message.find("no such pod") != std::string::npos) {
      return util::make_error(
          util::ErrorCode::invalid_input,
          fmt::format("Error from server (NotFound): pods \"{}\" not found", name));
    }
    return inspected.error();
  }
  std::string states;
  const std::vector<std::string> ids = pod_container_ids(inspected->out);
  if (!ids.empty()) {
    auto listed = run_ok(container_states_argv(m_options.binary, ids));
    if (!listed) {
      return listed.error();
    }
    states = listed->out;
  }
  std::string manifest;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (auto it = m_objects.find({"Pod", name}); it != m_objects.end()) {
      manifest = it->second.json;
    }
  }
  auto mapped = pod_json(inspected->out, states, manifest);
  if (!mapped) {
    return mapped.error();
  }
  return make_object("Pod", name, *mapped);
}

std::vector<std::string> PodmanKubeBackend::delete_owned() {
  std::vector<Key> owned;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    owned.swap(m_owned);
  }
  std::vector<std::string> errors;
  for (const auto& [kind, name] : owned) {
    auto removed = remove_named(kind, name);
    if (!removed) {
      errors.push_back(fmt::format("{} {}: {}", kind, name, removed.error().message));
    }
  }
  return errors;
}

util::Result<ToolOutput> PodmanKubeBackend::run_ok(const Argv& argv) {
  return run_checked(m_options.run, argv);
}

util::Result<std::string> PodmanKubeBackend::write_manifest(const std::string& json) {
  int index = 0;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    index = ++m_files;
  }
  return write_manifest_file(m_options.work_dir, index, json);
}

}  // namespace exec
