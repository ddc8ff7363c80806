/// Resource templates in a dry run: nothing is created; each action is printed and answered
/// with the manifest itself (a generateName gets a fixed suffix), so jsonPath outputs such
/// as `{.metadata.name}` have values. The backend the real run would use still decides what
/// preflight refuses.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "engine/resource_backend.hpp"

namespace exec {

/// The dry run's stand-in backend.
class DryRunResources final : public engine::ResourceBackend {
 public:
  /// `real` answers unsupported() (null: every kind is fine); `print` gets one line per action.
  DryRunResources(std::unique_ptr<engine::ResourceBackend> real,
                  std::function<void(std::string_view)> print)
      : m_real(std::move(real)), m_print(std::move(print)) {}

  std::string describe() const override;
  std::optional<std::string> unsupported(const std::string& action, const std::string& api_version,
                                         const std::string& kind) const override;
  util::Result<engine::ResourceObject> execute(const engine::ResourceAction& action,
                                               const std::atomic<bool>& cancelled) override;
  util::Result<engine::ResourceObject> get(const engine::ResourceObject& object) override {
    return object;
  }
  std::vector<std::string> delete_owned() override { return {}; }
  bool simulated() const override { return true; }

 private:
  std::unique_ptr<engine::ResourceBackend> m_real;
  std::function<void(std::string_view)> m_print;
};

}  // namespace exec
