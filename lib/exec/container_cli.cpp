#include "exec/container_cli.hpp"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "exec/host_launch.hpp"
#include "util/text.hpp"

namespace exec {
namespace {

constexpr EngineDialect k_docker{
    ContainerEngine::docker, "docker", "{{.Server.Version}}", false, 1, false, true, 1};
constexpr EngineDialect k_podman{
    ContainerEngine::podman, "podman", "{{.Client.Version}}", true, 125, true, false, 16};

using util::trim;

/// The `--entrypoint` value for `program`: as-is, unless the engine would read it as JSON.
std::string entrypoint_value(const EngineDialect& dialect, const std::string& program) {
  if (dialect.entrypoint_json_brackets && !program.empty() && program.front() == '[') {
    std::string json = "[\"";
    for (char c : program) {
      if (c == '"' || c == '\\') {
        json.push_back('\\');
        json.push_back(c);
      } else if (static_cast<unsigned char>(c) < 0x20) {
        json += fmt::format("\\u{:04x}", static_cast<int>(c));
      } else {
        json.push_back(c);
      }
    }
    return json + "\"]";
  }
  return program;
}

}  // namespace

const EngineDialect& dialect(ContainerEngine engine) {
  return engine == ContainerEngine::podman ? k_podman : k_docker;
}

std::string short_run_id(std::string_view run_id) {
  std::string out;
  for (char c : run_id) {
    if (out.size() == 8) {
      break;
    }
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

std::string container_name(const engine::PodRequest& request, std::string_view run_id) {
  // Pod and node names are Kubernetes names, already valid container names; only '.'-free
  // node IDs could stand in, and those are valid too.
  const std::string& base = request.pod_name.empty() ? request.node_id : request.pod_name;
  return fmt::format("{}-{}", base, short_run_id(run_id));
}

std::vector<std::pair<std::string, std::string>> container_env(
    const engine::PodRequest& request, const engine::ContainerSpec& container) {
  engine::PodRequest view;
  view.workflow_name = request.workflow_name;
  view.node_id = request.node_id;
  view.pod_name = request.pod_name;
  view.main.name = container.name;
  view.main.env = container.env;
  return host_environment({}, view);
}

namespace {

const MountSource* find_source(const CreateOptions& options, const std::string& volume) {
  for (const auto& [name, source] : options.volumes) {
    if (name == volume) {
      return &source;
    }
  }
  return nullptr;
}

void add_mounts(Argv& argv, const CreateOptions& options, const engine::ContainerSpec& container) {
  for (const engine::MountSpec& mount : container.mounts) {
    const MountSource* source = find_source(options, mount.volume);
    if (source == nullptr) {
      continue;
    }
    std::string from = source->source;
    if (!mount.sub_path.empty() && source->bind) {
      from += "/" + mount.sub_path;
    }
    const bool read_only = mount.read_only || source->read_only;
    argv.insert(argv.end(),
                {"-v", fmt::format("{}:{}{}", from, mount.path, read_only ? ":ro" : "")});
  }
}

void add_limits(Argv& argv, const engine::ContainerSpec& container) {
  if (!container.cpu_limit.empty()) {
    argv.insert(argv.end(), {"--cpus", container.cpu_limit});
  }
  if (!container.memory_limit.empty()) {
    argv.insert(argv.end(), {"--memory", container.memory_limit});
  }
  if (!container.user.empty()) {
    argv.insert(argv.end(), {"--user", container.user});
  }
  if (container.privileged) {
    argv.emplace_back("--privileged");
  }
  if (container.read_only_root) {
    argv.emplace_back("--read-only");
  }
}

}  // namespace

Argv create_argv(const EngineDialect& dialect, const CreateOptions& options,
                 const engine::PodRequest& request, const engine::ContainerSpec& container) {
  Argv argv{options.binary, "create", "--name", options.name};
  argv.insert(argv.end(), {"--label", fmt::format("{}={}", k_label_run, options.run_id), "--label",
                           fmt::format("{}={}", k_label_workflow, request.workflow_name), "--label",
                           fmt::format("{}={}", k_label_node, request.node_id)});
  for (const std::string& label : options.labels) {
    argv.insert(argv.end(), {"--label", label});
  }
  const std::string& pull = options.pull.empty() ? container.pull : options.pull;
  if (!pull.empty()) {
    argv.insert(argv.end(), {"--pull", pull});
  }
  if (!options.network.empty()) {
    argv.insert(argv.end(), {"--network", options.network});
  }
  for (const auto& [name, value] : container_env(request, container)) {
    argv.insert(argv.end(), {"-e", fmt::format("{}={}", name, value)});
  }
  add_mounts(argv, options, container);
  add_limits(argv, container);
  if (!container.working_dir.empty()) {
    argv.insert(argv.end(), {"-w", container.working_dir});
  }
  if (!container.command.empty()) {
    argv.insert(argv.end(), {"--entrypoint", entrypoint_value(dialect, container.command.front())});
  }
  argv.push_back(container.image);
  if (!container.command.empty()) {
    argv.insert(argv.end(), container.command.begin() + 1, container.command.end());
  }
  argv.insert(argv.end(), container.args.begin(), container.args.end());
  return argv;
}

Argv create_argv(const EngineDialect& dialect, const CreateOptions& options,
                 const engine::PodRequest& request) {
  return create_argv(dialect, options, request, request.main);
}

Argv run_argv(const EngineDialect& dialect, const CreateOptions& options,
              const engine::PodRequest& request, const engine::ContainerSpec& container,
              bool detached) {
  Argv argv = create_argv(dialect, options, request, container);
  argv[1] = "run";
  if (detached) {
    argv.insert(argv.begin() + 2, "-d");
  }
  return argv;
}

Argv start_detached_argv(const std::string& binary, const std::string& container) {
  return {binary, "start", container};
}

Argv exec_argv(const std::string& binary, const std::string& container,
               const std::vector<std::string>& command) {
  Argv argv{binary, "exec", container};
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

namespace {

Argv with_labels(Argv argv, const std::vector<std::string>& labels, const std::string& name) {
  for (const std::string& label : labels) {
    argv.insert(argv.end(), {"--label", label});
  }
  argv.push_back(name);
  return argv;
}

Argv with_names(Argv argv, const std::vector<std::string>& names) {
  argv.insert(argv.end(), names.begin(), names.end());
  return argv;
}

}  // namespace

Argv volume_create_argv(const std::string& binary, const std::string& name,
                        const std::vector<std::string>& labels) {
  return with_labels({binary, "volume", "create"}, labels, name);
}

Argv volume_mountpoint_argv(const std::string& binary, const std::string& name) {
  return {binary, "volume", "inspect", "--format", "{{.Mountpoint}}", name};
}

Argv volume_rm_argv(const std::string& binary, const std::vector<std::string>& names) {
  return with_names({binary, "volume", "rm", "-f"}, names);
}

Argv volume_ls_run_argv(const std::string& binary, std::string_view run_id) {
  return {binary, "volume",   "ls",
          "-q",   "--filter", fmt::format("label={}={}", k_label_run, run_id)};
}

Argv network_create_argv(const std::string& binary, const std::string& name,
                         const std::vector<std::string>& labels) {
  return with_labels({binary, "network", "create"}, labels, name);
}

Argv network_rm_argv(const std::string& binary, const std::vector<std::string>& names) {
  return with_names({binary, "network", "rm"}, names);
}

Argv network_ls_run_argv(const std::string& binary, std::string_view run_id) {
  return {binary, "network",  "ls",
          "-q",   "--filter", fmt::format("label={}={}", k_label_run, run_id)};
}

Argv cp_to_container_argv(const std::string& binary, const std::string& host_path,
                          const std::string& container, const std::string& container_path) {
  return {binary, "cp", host_path, fmt::format("{}:{}", container, container_path)};
}

Argv cp_from_container_argv(const EngineDialect& dialect, const std::string& binary,
                            const std::string& container, const std::string& container_path,
                            const std::string& host_path) {
  Argv argv{binary, "cp"};
  if (dialect.cp_needs_follow_link) {
    argv.emplace_back("-L");
  }
  argv.insert(argv.end(), {fmt::format("{}:{}", container, container_path), host_path});
  return argv;
}

Argv start_attached_argv(const std::string& binary, const std::string& container) {
  return {binary, "start", "-a", container};
}

Argv inspect_exit_argv(const std::string& binary, const std::string& container) {
  return {binary,   "container", "inspect", "--format", "{{.State.ExitCode}} {{.State.OOMKilled}}",
          container};
}

Argv inspect_workdir_argv(const std::string& binary, const std::string& container) {
  return {binary, "container", "inspect", "--format", "{{.Config.WorkingDir}}", container};
}

Argv inspect_ip_argv(const std::string& binary, const std::string& container) {
  return {binary,
          "container",
          "inspect",
          "--format",
          "{{.State.Running}}{{range .NetworkSettings.Networks}} {{.IPAddress}}{{end}}",
          container};
}

Argv stop_argv(const std::string& binary, const std::string& container, int seconds) {
  return {binary, "stop", "-t", std::to_string(seconds), container};
}

Argv rm_argv(const EngineDialect& dialect, const std::string& binary,
             const std::vector<std::string>& containers) {
  Argv argv{binary, "rm", "-f"};
  if (dialect.rm_needs_zero_timeout) {
    argv.insert(argv.end(), {"-t", "0"});
  }
  argv.insert(argv.end(), containers.begin(), containers.end());
  return argv;
}

Argv ps_run_argv(const std::string& binary, std::string_view run_id) {
  return {binary, "ps", "-aq", "--filter", fmt::format("label={}={}", k_label_run, run_id)};
}

Argv version_argv(const EngineDialect& dialect, const std::string& binary) {
  return {binary, "version", "--format", std::string(dialect.version_format)};
}

std::optional<InspectedExit> parse_inspect_exit(std::string_view text) {
  text = trim(text);
  auto space = text.find(' ');
  if (space == std::string_view::npos) {
    return std::nullopt;
  }
  InspectedExit result;
  std::string_view code = text.substr(0, space);
  auto [end, error] = std::from_chars(code.data(), code.data() + code.size(), result.exit_code);
  if (error != std::errc() || end != code.data() + code.size()) {
    return std::nullopt;
  }
  std::string_view oom = trim(text.substr(space + 1));
  if (oom != "true" && oom != "false") {
    return std::nullopt;
  }
  result.oom_killed = oom == "true";
  return result;
}

std::string parse_inspect_ip(std::string_view text) {
  text = trim(text);
  if (text.substr(0, 4) != "true") {
    return {};
  }
  // Networks without an address print an empty field: the first non-empty one wins.
  text = trim(text.substr(4));
  return std::string(text.substr(0, text.find(' ')));
}

}  // namespace exec
