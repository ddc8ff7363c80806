/// Secrets and ConfigMaps on a machine without Kubernetes: the engine asks this interface,
/// and the CLI answers from local directories (exec::DirectoryObjects), so the engine does no
/// file I/O of its own and tests answer from memory.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace engine {

/// The kinds of Kubernetes objects a pod can read values from.
enum class ObjectKind { secret, config_map };

/// "secret" or "configmap": the word Kubernetes uses in `<kind> "<name>" not found`.
std::string_view object_word(ObjectKind kind);

/// Where secret and configMap values come from.
class LocalObjects {
 public:
  virtual ~LocalObjects() = default;
  /// The value of `key` in object `name`; an error names what is missing and how to supply it.
  virtual util::Result<std::string> value(ObjectKind kind, const std::string& name,
                                          const std::string& key) const = 0;
  /// The keys of object `name`, sorted (envFrom).
  virtual util::Result<std::vector<std::string>> keys(ObjectKind kind,
                                                      const std::string& name) const = 0;
  /// A host directory with one file per key of object `name`, to bind-mount as a volume.
  virtual util::Result<std::string> directory(ObjectKind kind, const std::string& name) const = 0;
};

}  // namespace engine
