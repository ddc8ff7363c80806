/// Running a validated workflow: preflight, executor choice, the engine, Ctrl-C, results.
#pragma once

#include "commands.hpp"
#include "load.hpp"
#include "run_options.hpp"

namespace cli {

/// Runs `workflow` (already validated) and prints the result as `options.output` asks.
/// Returns the exit code: 0 Succeeded, 1 Failed/Error, 3 cannot run here, 130 interrupted.
int execute_workflow(const RunOptions& options, const GlobalOptions& globals, LoadedFiles& loaded,
                     const model::Workflow& workflow);

}  // namespace cli
