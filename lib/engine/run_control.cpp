// Control requests from outside the run (spec 8.8): resume, suspend, stop, terminate and
// node set, as Argo's CLI carries them out, answered with what Argo's CLI prints.
#include <algorithm>

#include <fmt/format.h>

#include "engine/node_selector.hpp"
#include "engine/run.hpp"

namespace engine {
namespace {

std::optional<graph::Phase> parse_node_phase(const std::string& text) {
  if (text == "Succeeded") {
    return graph::Phase::succeeded;
  }
  if (text == "Failed") {
    return graph::Phase::failed;
  }
  if (text == "Error") {
    return graph::Phase::error;
  }
  return std::nullopt;
}

ControlReply failure(std::string message) {
  return ControlReply{false, std::move(message)};
}

}  // namespace

bool Run::poll_control(ControlInbox* inbox) {
  if (inbox == nullptr) {
    return false;
  }
  bool any = false;
  while (std::optional<PendingControl> pending = inbox->poll()) {
    any = true;
    ControlReply reply = handle_control(pending->request);
    if (pending->reply) {
      pending->reply(std::move(reply));
    }
  }
  return any;
}

ControlReply Run::handle_control(const ControlRequest& request) {
  const std::string& name = m_request.name;
  util::Result<NodeSelector> selector = NodeSelector::parse(request.node_selector);
  if (!selector.ok()) {
    return failure(selector.error().message);
  }
  // The active suspend nodes the selector picks, in the order they were created.
  std::vector<std::string> targets;
  for (const graph::Node& each : m_status.nodes.nodes()) {
    if (m_active_suspends.count(each.id) > 0 && selector.value().matches(each)) {
      targets.push_back(each.id);
    }
  }
  const bool selects_nothing = !request.node_selector.empty() && targets.empty();
  const std::string no_match = fmt::format(
      "currently, set only targets suspend nodes: no suspend nodes matching nodeFieldSelector: {}",
      request.node_selector);
  switch (request.action) {
    case ControlRequest::Action::suspend:
      m_suspended = true;
      return ControlReply{true, fmt::format("workflow {} suspended", name)};
    case ControlRequest::Action::resume:
      if (selects_nothing) {
        return failure(no_match);  // Argo's resume with a selector says so too
      }
      if (request.node_selector.empty()) {
        m_suspended = false;
      }
      for (const std::string& id : targets) {
        if (std::optional<std::string> error =
                resume_suspend_node(id, graph::Phase::succeeded, {}, request.outputs)) {
          return failure(std::move(*error));
        }
      }
      return ControlReply{true, fmt::format("workflow {} resumed", name)};
    case ControlRequest::Action::stop:
      if (!request.node_selector.empty()) {
        if (selects_nothing) {
          return failure(no_match);
        }
        // Argo's stop with a selector fails just the matching suspend nodes, with the
        // request's message (empty when none was given).
        for (const std::string& id : targets) {
          resume_suspend_node(id, graph::Phase::failed, request.message, {});
        }
      } else if (!m_shutdown) {
        stop_workflow();
      }
      return ControlReply{true, fmt::format("workflow {} stopped", name)};
    case ControlRequest::Action::terminate:
      interrupt();
      return ControlReply{true, fmt::format("workflow {} terminated", name)};
    case ControlRequest::Action::set_node: {
      if (targets.empty()) {
        return failure(no_match);
      }
      std::optional<graph::Phase> phase;
      if (!request.phase.empty()) {
        phase = parse_node_phase(request.phase);
        if (!phase) {
          return failure(
              fmt::format("invalid phase '{}': want Succeeded, Failed or Error", request.phase));
        }
      }
      for (const std::string& id : targets) {
        SuspendState& state = m_active_suspends.at(id);
        for (const auto& [key, value] : request.outputs) {
          state.supplied.emplace_back(key, value);
        }
        if (!request.message.empty()) {
          node(id).message = request.message;
          m_sink.on_node(node(id));
        }
        if (phase) {
          if (std::optional<std::string> error =
                  resume_suspend_node(id, *phase, request.message, {})) {
            return failure(std::move(*error));
          }
        }
      }
      return ControlReply{true, "workflow values set"};
    }
  }
  return failure("unknown control request");
}

}  // namespace engine
