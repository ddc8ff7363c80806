#include "exec/container_cli.hpp"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "exec/host_launch.hpp"

namespace exec {
namespace {

constexpr EngineDialect k_docker{
    ContainerEngine::docker, "docker", "{{.Server.Version}}", false, 1, false};
constexpr EngineDialect k_podman{
    ContainerEngine::podman, "podman", "{{.Client.Version}}", true, 125, true};

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

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

std::vector<std::pair<std::string, std::string>> container_env(const engine::PodRequest& request) {
  return host_environment({}, request);
}

Argv create_argv(const EngineDialect& dialect, const CreateOptions& options,
                 const engine::PodRequest& request) {
  Argv argv{options.binary, "create", "--name", options.name};
  argv.insert(argv.end(), {"--label", fmt::format("{}={}", k_label_run, options.run_id), "--label",
                           fmt::format("{}={}", k_label_workflow, request.workflow_name), "--label",
                           fmt::format("{}={}", k_label_node, request.node_id)});
  if (!options.pull.empty()) {
    argv.insert(argv.end(), {"--pull", options.pull});
  }
  for (const auto& [name, value] : container_env(request)) {
    argv.insert(argv.end(), {"-e", fmt::format("{}={}", name, value)});
  }
  const engine::ContainerSpec& main = request.main;
  if (!main.working_dir.empty()) {
    argv.insert(argv.end(), {"-w", main.working_dir});
  }
  if (!main.command.empty()) {
    argv.insert(argv.end(), {"--entrypoint", entrypoint_value(dialect, main.command.front())});
  }
  argv.push_back(main.image);
  if (!main.command.empty()) {
    argv.insert(argv.end(), main.command.begin() + 1, main.command.end());
  }
  argv.insert(argv.end(), main.args.begin(), main.args.end());
  return argv;
}

Argv cp_to_container_argv(const std::string& binary, const std::string& host_path,
                          const std::string& container, const std::string& container_path) {
  return {binary, "cp", host_path, fmt::format("{}:{}", container, container_path)};
}

Argv cp_from_container_argv(const std::string& binary, const std::string& container,
                            const std::string& container_path, const std::string& host_path) {
  return {binary, "cp", fmt::format("{}:{}", container, container_path), host_path};
}

Argv start_attached_argv(const std::string& binary, const std::string& container) {
  return {binary, "start", "-a", container};
}

Argv inspect_exit_argv(const std::string& binary, const std::string& container) {
  return {binary,   "container", "inspect", "--format", "{{.State.ExitCode}} {{.State.OOMKilled}}",
          container};
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
