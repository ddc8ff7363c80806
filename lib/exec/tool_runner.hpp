/// Running one short command (podman, kubectl) to completion, as the resource backends need
/// it. The backends take the runner as a function so tests can answer for the tools.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace exec {

/// What a finished command printed, and its exit status.
struct ToolOutput {
  int exit_code = 0;
  std::string out;  ///< stdout, untouched
  std::string err;  ///< stderr without trailing whitespace
};

/// Runs argv (no shell) to completion; an error when it cannot start or takes too long.
using ToolRunner = std::function<util::Result<ToolOutput>(const std::vector<std::string>& argv)>;

/// Runs argv with `run`; a failed command is an error carrying its stderr (or, when it
/// printed none, "`argv` exited with N").
util::Result<ToolOutput> run_checked(const ToolRunner& run, const std::vector<std::string>& argv);

/// Writes `text` to `<dir>/manifest-<index>.json`; its path.
util::Result<std::string> write_manifest_file(const std::string& dir, int index,
                                              const std::string& text);

}  // namespace exec
