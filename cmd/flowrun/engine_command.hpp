/// Running one short engine command (`docker ps ...`) to completion and keeping its output.
#pragma once

#include <chrono>
#include <string>

#include "exec/container_cli.hpp"
#include "util/result.hpp"

namespace cli {

/// What a finished command printed, and its exit status.
struct CommandOutput {
  int exit_code = 0;
  std::string out;  ///< stdout, untouched
  std::string err;  ///< stderr without trailing whitespace
};

/// Runs `argv` (argv only, no shell) with flowrun's environment, its output in a temporary
/// directory that is removed after. An error when it cannot start or does not end within
/// `timeout` (it is killed then).
util::Result<CommandOutput> run_engine_command(const exec::Argv& argv,
                                               std::chrono::milliseconds timeout);

}  // namespace cli
