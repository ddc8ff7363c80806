#include "exec/host_launch.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include <unistd.h>

extern char** environ;  // NOLINT: POSIX declares it only with _GNU_SOURCE in unistd.h

namespace exec {
namespace {

void set_env(EnvList& env, const std::string& name, const std::string& value) {
  auto found =
      std::find_if(env.begin(), env.end(), [&](const auto& entry) { return entry.first == name; });
  if (found != env.end()) {
    found->second = value;
  } else {
    env.emplace_back(name, value);
  }
}

}  // namespace

util::Result<std::vector<std::string>> host_argv(const engine::ContainerSpec& container,
                                                 const std::string& script_path) {
  if (container.command.empty() && container.args.empty()) {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("image {} has no command known to flowrun: the host runtime needs "
                    "command or args",
                    container.image));
  }
  std::vector<std::string> argv;
  argv.reserve(container.command.size() + container.args.size());
  argv.insert(argv.end(), container.command.begin(), container.command.end());
  argv.insert(argv.end(), container.args.begin(), container.args.end());
  if (container.script_source) {
    for (std::string& arg : argv) {
      if (arg == engine::k_script_path) {
        arg = script_path;
      }
    }
  }
  return argv;
}

EnvList host_environment(const EnvList& host, const engine::PodRequest& request) {
  EnvList env = host;
  env.reserve(host.size() + request.main.env.size() + 4);
  for (const auto& [name, value] : request.main.env) {
    set_env(env, name, value);
  }
  set_env(env, "ARGO_WORKFLOW_NAME", request.workflow_name);
  set_env(env, "ARGO_NODE_ID", request.node_id);
  set_env(env, "ARGO_POD_NAME", request.pod_name);
  set_env(env, "ARGO_CONTAINER_NAME", request.main.name.empty() ? "main" : request.main.name);
  return env;
}

EnvList current_environment() {
  EnvList env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    std::size_t equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      continue;
    }
    env.emplace_back(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return env;
}

std::string work_dir_name(const engine::PodRequest& request) {
  std::string name = request.pod_name.empty() ? request.node_id : request.pod_name;
  std::replace(name.begin(), name.end(), '/', '_');
  if (name.empty() || name == "." || name == "..") {
    name = "pod" + name;
  }
  return name;
}

std::string host_cwd(const std::string& work_dir, const engine::ContainerSpec& container) {
  if (container.working_dir.empty() || container.working_dir[0] == '/') {
    return work_dir;
  }
  return (std::filesystem::path(work_dir) / container.working_dir).lexically_normal().string();
}

std::string host_output_path(const std::string& path, const std::string& cwd) {
  if (!path.empty() && path[0] == '/') {
    return path;
  }
  return (std::filesystem::path(cwd) / path).string();
}

std::optional<std::string> read_whole_file(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::string content;
  std::array<char, 64 * 1024> buffer{};
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    content.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    return std::nullopt;
  }
  return content;
}

}  // namespace exec
