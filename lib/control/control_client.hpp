/// The asking side of the control channel: sends one request to the run of a workflow name
/// (`<state dir>/runs/<NAME>/control.sock`) and waits for its answer.
#pragma once

#include <chrono>
#include <string>

#include "engine/control.hpp"

namespace control {

/// What became of one request.
struct ControlOutcome {
  enum class Kind {
    answered,     ///< the run answered: `reply` is its answer (ok or not)
    not_found,    ///< no run of that name in the state directory
    ended,        ///< the run is over (status.json says so)
    unreachable,  ///< the run's directory says Running, but its process does not answer
  };
  Kind kind = Kind::answered;
  /// The run's answer, or (ok false) the error that says why there is none.
  engine::ControlReply reply;
};

/// Tunables of send_control (tests shorten them).
struct ClientOptions {
  /// How long to wait for the answer once connected.
  std::chrono::milliseconds reply_timeout{30000};
  /// How long a run whose status.json says Running may take to open its socket (a run that
  /// is just starting) before it counts as unreachable.
  std::chrono::milliseconds startup_grace{2000};
};

/// Sends `request` to the run `name` in `state_dir`. Errors are outcomes, with Argo's words
/// where it has some: `workflow NAME not found`; for a run that ended, e.g. `cannot shutdown
/// a completed workflow: workflow: "NAME", namespace: "default"`; for a run whose flowrun
/// was killed, what happened and that `flowrun gc` removes what it left.
ControlOutcome send_control(const std::string& state_dir, const std::string& name,
                            const engine::ControlRequest& request,
                            const ClientOptions& options = {});

/// What a request to a run that ended in `phase` gets (Argo's message where it has one).
std::string ended_message(const engine::ControlRequest& request, const std::string& name,
                          const std::string& namespace_name, const std::string& phase);

}  // namespace control
