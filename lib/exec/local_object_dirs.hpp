/// Secrets and configMaps from local directories: `<dir>/<name>/<key>` files, the layout
/// Kubernetes itself gives a secret or configMap volume, so the same directory serves env
/// values, envFrom and volumes.
#pragma once

#include <string>
#include <vector>

#include "engine/local_objects.hpp"

namespace exec {

/// engine::LocalObjects over two directories (either may be empty: none of that kind).
class LocalObjectDirs final : public engine::LocalObjects {
 public:
  LocalObjectDirs(std::string secrets_dir, std::string config_maps_dir);

  util::Result<std::string> value(engine::ObjectKind kind, const std::string& name,
                                  const std::string& key) const override;
  util::Result<std::vector<std::string>> keys(engine::ObjectKind kind,
                                              const std::string& name) const override;
  util::Result<std::string> directory(engine::ObjectKind kind,
                                      const std::string& name) const override;

 private:
  const std::string& root(engine::ObjectKind kind) const;

  std::string m_secrets;
  std::string m_config_maps;
};

}  // namespace exec
