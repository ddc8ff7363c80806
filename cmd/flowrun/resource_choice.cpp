#include "resource_choice.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "exec/dry_run_resources.hpp"
#include "exec/kubectl_backend.hpp"
#include "exec/podman_kube_backend.hpp"
#include "util/file.hpp"
#include "util/ids.hpp"

#include "engine_choice.hpp"
#include "engine_command.hpp"
#include "report.hpp"

namespace cli {
namespace {

/// Bound on one podman or kubectl command (kube play may pull an image).
constexpr std::chrono::minutes k_resource_command_timeout{10};

bool uses_resources(const model::Workflow& workflow) {
  for (const model::Template& tmpl : workflow.spec.templates) {
    if (tmpl.type() == model::TemplateType::resource) {
      return true;
    }
  }
  return false;
}

exec::ToolRunner tool_runner() {
  return [](const std::vector<std::string>& argv) -> util::Result<exec::ToolOutput> {
    auto output = run_engine_command(argv, k_resource_command_timeout);
    if (!output) {
      return output.error();
    }
    return exec::ToolOutput{output->exit_code, std::move(output->out), std::move(output->err)};
  };
}

std::string make_work_dir() {
  util::Result<std::string> dir = util::make_temp_dir("flowrun-resources");
  return dir ? *dir : std::string();
}

std::unique_ptr<engine::ResourceBackend> real_backend(const RunOptions& options,
                                                      const std::string& work_dir) {
  if (!options.kube_context.empty()) {
    exec::KubectlOptions kubectl;
    kubectl.context = options.kube_context;
    kubectl.work_dir = work_dir;
    kubectl.run = tool_runner();
    return std::make_unique<exec::KubectlBackend>(std::move(kubectl));
  }
  if (options.runtime != Runtime::podman && options.runtime != Runtime::auto_detect) {
    return nullptr;
  }
  auto chosen = choose_engine(options.runtime, false);
  if (!chosen || chosen->detected.engine != exec::ContainerEngine::podman) {
    return nullptr;
  }
  exec::PodmanKubeOptions podman;
  podman.binary = chosen->detected.binary;
  podman.run_id = util::random_uuid();
  podman.work_dir = work_dir;
  podman.run = tool_runner();
  return std::make_unique<exec::PodmanKubeBackend>(std::move(podman));
}

}  // namespace

ResourceSetup::~ResourceSetup() {
  m_backend.reset();
  if (!m_work_dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(m_work_dir, ignored);
  }
}

void ResourceSetup::delete_owned() {
  if (m_backend == nullptr) {
    return;
  }
  for (const std::string& error : m_backend->delete_owned()) {
    print_message(fmt::format("warning: setOwnerReference: cannot delete {}", error));
  }
}

std::unique_ptr<ResourceSetup> ResourceSetup::choose(const RunOptions& options,
                                                     const model::Workflow& workflow) {
  auto setup = std::make_unique<ResourceSetup>();
  if (!uses_resources(workflow) && options.kube_context.empty()) {
    return setup;
  }
  setup->m_work_dir = make_work_dir();
  std::unique_ptr<engine::ResourceBackend> real = real_backend(options, setup->m_work_dir);
  if (options.dry_run && real != nullptr) {
    setup->m_backend = std::make_unique<exec::DryRunResources>(
        std::move(real), [](std::string_view line) { fmt::print(stderr, "{}\n", line); });
  } else {
    setup->m_backend = std::move(real);
  }
  return setup;
}

}  // namespace cli
