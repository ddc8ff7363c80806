/// The wire format of the control channel: one JSON object per line each way.
///
///     request  {"action":"resume","nodeFieldSelector":"displayName=approve",
///               "outputs":[{"name":"approve","value":"YES"}],"message":"","phase":""}
///     reply    {"ok":true,"message":"workflow wf resumed"}
///
/// Only "action" is required in a request; unknown fields are ignored so an older server
/// understands a newer client's extras. Pure functions: no I/O, never throws.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/control.hpp"
#include "util/result.hpp"

namespace control {

/// The longest line either side reads (a request with many `--set` values fits easily);
/// anything longer is refused instead of buffered without end.
inline constexpr std::size_t k_max_line = 1024 * 1024;

/// The action's wire name: "resume", "suspend", "stop", "terminate", "set_node".
std::string_view to_string(engine::ControlRequest::Action action);
/// The action named `text`, or nullopt.
std::optional<engine::ControlRequest::Action> parse_action(std::string_view text);

/// `request` as one JSON line, ending in '\n'.
std::string encode_request(const engine::ControlRequest& request);
/// Parses one request line (a final '\n' or "\r\n" is allowed). Errors (invalid_input) say
/// what is wrong: not JSON, not an object, a missing or unknown action, a field of the
/// wrong type.
util::Result<engine::ControlRequest> decode_request(std::string_view line);

/// `reply` as one JSON line, ending in '\n'.
std::string encode_reply(const engine::ControlReply& reply);
/// Parses one reply line; errors (invalid_input) as decode_request's.
util::Result<engine::ControlReply> decode_reply(std::string_view line);

}  // namespace control
