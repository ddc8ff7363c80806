/// Requests that reach a running workflow from outside the engine: `flowrun resume NAME`,
/// `flowrun suspend|stop|terminate NAME` and `flowrun node set` from another process (through
/// the run's control channel), or a test's script. The engine polls a ControlInbox from its
/// run loop and answers every request it takes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace engine {

/// One control request, as Argo's CLI words them (spec 8.8).
struct ControlRequest {
  enum class Action {
    resume,     ///< clear a workflow suspend; active suspend nodes (matching) succeed
    suspend,    ///< Argo's spec.suspend: no new pods start; running ones continue
    stop,       ///< spec.shutdown=Stop (with a selector: fail matching suspend nodes)
    terminate,  ///< spec.shutdown=Terminate
    set_node,   ///< `argo node set`: phase, message, supplied outputs of suspend nodes
  };
  Action action = Action::resume;
  /// Argo's --node-field-selector (`displayName=approve`, `name=wf.approve`, `id=...`,
  /// `templateName=...`, `phase=Running`; comma-separated terms all match, `!=` negates);
  /// empty: every node the action applies to.
  std::string node_selector;
  /// Supplied output parameters (`valueFrom.supplied`) for the selected suspend nodes.
  std::vector<std::pair<std::string, std::string>> outputs;
  std::string message;  ///< stop --message; node set --message
  std::string phase;    ///< node set --phase: "Succeeded", "Failed" or "Error"; empty: unchanged
};

/// The engine's answer to one request.
struct ControlReply {
  bool ok = true;
  /// What Argo's CLI prints on success (`workflow NAME resumed`), or the error.
  std::string message;
};

/// A request waiting for the engine, with the way to answer it (exactly once).
struct PendingControl {
  ControlRequest request;
  std::function<void(ControlReply)> reply;
};

/// Where control requests come from. poll() is called from the engine's thread only; an
/// implementation may receive requests on other threads.
class ControlInbox {
 public:
  virtual ~ControlInbox() = default;
  /// The next waiting request, without blocking; nullopt when there is none.
  virtual std::optional<PendingControl> poll() = 0;
};

}  // namespace engine
