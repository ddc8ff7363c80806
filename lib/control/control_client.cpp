#include "control/control_client.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/run_directory.hpp"

#include "control/control_protocol.hpp"
#include "control/unix_socket.hpp"
#include <poll.h>
#include <sys/socket.h>

namespace control {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = ControlOutcome::Kind;

/// Between attempts to reach a run that is starting.
constexpr std::chrono::milliseconds k_retry_interval{100};

/// What status.json says about a run: its phase ("" when unreadable) and namespace.
struct RecordedStatus {
  std::string phase;
  std::string namespace_name = "default";
};

RecordedStatus read_status(const std::string& run_dir) {
  RecordedStatus status;
  std::ifstream in(run_dir + "/status.json");
  if (!in) {
    return status;
  }
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json document = nlohmann::json::parse(text.str(), nullptr, false);
  if (!document.is_object()) {
    return status;
  }
  const auto string_at = [&](const char* outer, const char* inner) -> std::optional<std::string> {
    const auto first = document.find(outer);
    if (first == document.end() || !first->is_object()) {
      return std::nullopt;
    }
    const auto second = first->find(inner);
    if (second == first->end() || !second->is_string()) {
      return std::nullopt;
    }
    return second->get<std::string>();
  };
  status.phase = string_at("status", "phase").value_or("");
  if (auto name = string_at("metadata", "namespace"); name && !name->empty()) {
    status.namespace_name = *name;
  }
  return status;
}

ControlOutcome failed(Kind kind, std::string message) {
  return ControlOutcome{kind, engine::ControlReply{false, std::move(message)}};
}

/// Reads up to the first newline before `deadline`; nullopt on timeout, "" plus `closed` on
/// end of stream without a line.
std::optional<std::string> read_line(int fd, Clock::time_point deadline, bool& closed) {
  std::string buffer;
  char chunk[4096];
  closed = false;
  while (buffer.find('\n') == std::string::npos && buffer.size() <= k_max_line) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      return std::nullopt;
    }
    pollfd wait{fd, POLLIN, 0};
    if (::poll(&wait, 1, static_cast<int>(left)) <= 0) {
      continue;  // timeout (checked above) or EINTR
    }
    const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      closed = true;
      break;
    }
    buffer.append(chunk, static_cast<std::size_t>(got));
  }
  return buffer.substr(0, buffer.find('\n'));
}

ControlOutcome exchange(int fd, const std::string& name, const engine::ControlRequest& request,
                        const ClientOptions& options) {
  const Clock::time_point deadline = Clock::now() + options.reply_timeout;
  if (!send_all(fd, encode_request(request), deadline)) {
    return failed(Kind::unreachable,
                  fmt::format("cannot send to workflow {}: {}", name, std::strerror(errno)));
  }
  bool closed = false;
  const std::optional<std::string> line = read_line(fd, deadline, closed);
  if (!line) {
    return failed(Kind::unreachable,
                  fmt::format("workflow {} did not answer within {} s (its flowrun process "
                              "may be stuck)",
                              name, options.reply_timeout.count() / 1000.0));
  }
  if (closed && line->empty()) {
    return failed(Kind::unreachable,
                  fmt::format("workflow {} closed the connection without answering (did its "
                              "flowrun process just end?)",
                              name));
  }
  util::Result<engine::ControlReply> reply = decode_reply(*line);
  if (!reply) {
    return failed(Kind::unreachable, fmt::format("workflow {} answered something unreadable: {}",
                                                 name, reply.error().message));
  }
  return ControlOutcome{Kind::answered, std::move(reply.value())};
}

/// The outcome for a run whose socket cannot be reached (`error` is connect's errno).
ControlOutcome not_reached(const std::string& name, const std::string& run_dir, int error) {
  const std::string socket = run_dir + "/" + std::string(store::k_control_socket_name);
  if (error == ECONNREFUSED || error == ENOENT) {
    return failed(Kind::unreachable,
                  fmt::format("workflow {} is not running any more: its status.json still says "
                              "Running, but no flowrun process answers on {} (was it killed?); "
                              "`flowrun gc` removes the containers, networks and volumes it "
                              "left",
                              name, socket));
  }
  return failed(Kind::unreachable, fmt::format("cannot reach workflow {} at {}: {}", name, socket,
                                               std::strerror(error)));
}

}  // namespace

std::string ended_message(const engine::ControlRequest& request, const std::string& name,
                          const std::string& namespace_name, const std::string& phase) {
  using Action = engine::ControlRequest::Action;
  // Argo's stop with a selector is a node update, and says what `node set` says.
  const bool node_update = request.action == Action::set_node ||
                           (request.action == Action::stop && !request.node_selector.empty());
  if (node_update) {
    return fmt::format(
        "currently, set only targets suspend nodes: no suspend nodes matching "
        "nodeFieldSelector: {}",
        request.node_selector);
  }
  switch (request.action) {
    case Action::stop:
    case Action::terminate:
      return fmt::format(
          "cannot shutdown a completed workflow: workflow: \"{}\", namespace: \"{}\"", name,
          namespace_name);
    case Action::suspend: return "cannot suspend completed workflows";
    case Action::set_node:
    case Action::resume: break;
  }
  return fmt::format("cannot resume workflow {}: it has completed ({})", name, phase);
}

ControlOutcome send_control(const std::string& state_dir, const std::string& name,
                            const engine::ControlRequest& request, const ClientOptions& options) {
  const std::string run_dir = store::run_path(state_dir, name);
  std::error_code ignored;
  // A name that is no directory name of its own (".", "a/b") names no run.
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
      !std::filesystem::is_directory(run_dir, ignored)) {
    return failed(Kind::not_found, fmt::format("workflow {} not found", name));
  }
  const Clock::time_point give_up = Clock::now() + options.startup_grace;
  while (true) {
    Connected connected = connect_at(run_dir, store::k_control_socket_name);
    if (connected.socket.valid()) {
      return exchange(connected.socket.get(), name, request, options);
    }
    // Read after the attempt: a run that ends removes its socket after its final status.
    const RecordedStatus status = read_status(run_dir);
    if (!status.phase.empty() && status.phase != "Running" && status.phase != "Pending") {
      return failed(Kind::ended, ended_message(request, name, status.namespace_name, status.phase));
    }
    // No socket yet: a run that is just starting makes it in a moment.
    if (connected.error != ENOENT || Clock::now() >= give_up) {
      return not_reached(name, run_dir, connected.error);
    }
    std::this_thread::sleep_for(k_retry_interval);
  }
}

}  // namespace control
