/// Where flowrun keeps what outlives a run: `$FLOWRUN_STATE_DIR`, else
/// `$XDG_STATE_HOME/flowrun`, else `~/.local/state/flowrun` (the XDG base directory default).
#pragma once

#include <string>

#include "util/result.hpp"

namespace store {

/// The environment variables the state directory depends on (empty: unset).
struct StateEnv {
  std::string flowrun_state_dir;  ///< FLOWRUN_STATE_DIR: used as it is
  std::string xdg_state_home;     ///< XDG_STATE_HOME: `<it>/flowrun`
  std::string home;               ///< HOME: `<it>/.local/state/flowrun`
};

/// The three variables as this process sees them.
StateEnv state_env();

/// The state directory for `env` (not created). A relative XDG_STATE_HOME is ignored, as the
/// XDG specification asks; an error (invalid_input) when nothing gives a directory.
util::Result<std::string> state_dir(const StateEnv& env);

/// `<state dir>/runs`: one directory per run, named after the workflow.
std::string runs_dir(const std::string& state_dir);

}  // namespace store
