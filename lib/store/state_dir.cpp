#include "store/state_dir.hpp"

#include <cstdlib>

namespace store {
namespace {

std::string env_value(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

StateEnv state_env() {
  return StateEnv{env_value("FLOWRUN_STATE_DIR"), env_value("XDG_STATE_HOME"), env_value("HOME")};
}

util::Result<std::string> state_dir(const StateEnv& env) {
  if (!env.flowrun_state_dir.empty()) {
    return env.flowrun_state_dir;
  }
  // The XDG specification: a relative path in an XDG_* variable is invalid and is ignored.
  if (!env.xdg_state_home.empty() && env.xdg_state_home.front() == '/') {
    return env.xdg_state_home + "/flowrun";
  }
  if (!env.home.empty()) {
    return env.home + "/.local/state/flowrun";
  }
  return util::make_error(util::ErrorCode::invalid_input,
                          "no state directory: set FLOWRUN_STATE_DIR (or XDG_STATE_HOME or HOME)");
}

std::string runs_dir(const std::string& state_dir) {
  return state_dir + "/runs";
}

}  // namespace store
