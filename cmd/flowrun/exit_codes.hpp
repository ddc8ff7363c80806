/// Process exit codes of every flowrun command (listed in `flowrun --help`).
#pragma once

namespace cli {

/// Success; for `run`, the workflow Succeeded.
constexpr int k_exit_success = 0;
/// The workflow ended Failed or Error.
constexpr int k_exit_workflow_failed = 1;
/// `gc`: an engine command failed, so some leftovers may remain.
constexpr int k_exit_gc_incomplete = 1;
/// Invalid input or usage: lint errors, bad flags, unreadable files.
constexpr int k_exit_invalid = 2;
/// Valid, but cannot run here: not supported locally, or not implemented yet.
constexpr int k_exit_cannot_run = 3;
/// `run`: a run of the same workflow name exists in the state directory (Argo refuses a
/// duplicate name too); nothing was run.
constexpr int k_exit_run_exists = 4;
/// A bug in flowrun (an unexpected exception); 70 is EX_SOFTWARE from sysexits.h.
constexpr int k_exit_internal = 70;
/// Interrupted by SIGINT (128 + 2, what a shell reports for a process killed by Ctrl-C).
constexpr int k_exit_interrupted = 130;

}  // namespace cli
