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
/// `resume`, `suspend`, `stop`, `terminate`, `node set`: the workflow was not found, has
/// ended, or its run refused the request (Argo's CLI exits 1 on any error too).
constexpr int k_exit_control_refused = 1;
/// The same commands: the run's directory says Running but no flowrun process answers on
/// its control socket (killed with SIGKILL?; `flowrun gc` removes what it left).
constexpr int k_exit_run_unreachable = 5;
/// A bug in flowrun (an unexpected exception); 70 is EX_SOFTWARE from sysexits.h.
constexpr int k_exit_internal = 70;
/// Interrupted by SIGINT (128 + 2, what a shell reports for a process killed by Ctrl-C).
constexpr int k_exit_interrupted = 130;

}  // namespace cli
