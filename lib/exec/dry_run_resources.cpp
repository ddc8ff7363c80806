#include "exec/dry_run_resources.hpp"

#include <fmt/format.h>

#include "exec/podman_kube_cli.hpp"

namespace exec {

std::string DryRunResources::describe() const {
  return m_real ? m_real->describe() + " (dry run)" : "dry run";
}

std::optional<std::string> DryRunResources::unsupported(const std::string& action,
                                                        const std::string& api_version,
                                                        const std::string& kind) const {
  return m_real ? m_real->unsupported(action, api_version, kind) : std::nullopt;
}

util::Result<engine::ResourceObject> DryRunResources::execute(
    const engine::ResourceAction& action, const std::atomic<bool>& /*cancelled*/) {
  m_print(fmt::format("dry run: resource {} {}{}", action.action,
                      action.manifest.empty() ? "" : action.manifest + " ",
                      fmt::join(action.flags, " ")));
  engine::ResourceObject object;
  if (action.action == "delete" || action.manifest.empty()) {
    return object;
  }
  auto prepared = prepare_manifest(action.manifest, {}, "dryrn");
  if (!prepared) {
    object.json = action.manifest;  // a patch: no object of its own
    return object;
  }
  object.kind = prepared->kind;
  object.name = prepared->name;
  object.json = prepared->json;
  return object;
}

}  // namespace exec
