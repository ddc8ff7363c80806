/// Which container engine a command uses, and why (for `run -v` and `gc`).
#pragma once

#include <string>
#include <vector>

#include "exec/container_executor.hpp"
#include "util/result.hpp"

#include "run_options.hpp"

namespace cli {

/// A working engine and the reason it was picked.
struct ChosenEngine {
  exec::DetectedEngine detected;
  std::string why;  ///< e.g. `docker: not installed (...)` when auto fell back to podman
};

/// The engine `--runtime` (docker, podman or auto; not host) asks for. With `explain`,
/// auto asks docker and podman one at a time so the reason docker was passed over is
/// known; without it, one exec::detect_engine() call. The error lists why each engine
/// tried does not work.
util::Result<ChosenEngine> choose_engine(Runtime runtime, bool explain);

/// Every engine that works (`--runtime auto` of gc), or just the one asked for. `skipped`
/// receives a line for each engine auto passed over, with the reason. An error when none
/// works.
util::Result<std::vector<exec::DetectedEngine>> working_engines(Runtime runtime,
                                                                std::vector<std::string>& skipped);

/// `using podman 4.3.1 (/usr/bin/podman): <why>`.
std::string describe_choice(const ChosenEngine& chosen);

}  // namespace cli
