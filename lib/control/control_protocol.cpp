#include "control/control_protocol.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace control {
namespace {

using Action = engine::ControlRequest::Action;
using nlohmann::json;

constexpr std::array<std::pair<Action, std::string_view>, 5> k_actions{{
    {Action::resume, "resume"},
    {Action::suspend, "suspend"},
    {Action::stop, "stop"},
    {Action::terminate, "terminate"},
    {Action::set_node, "set_node"},
}};

util::Error bad(std::string message) {
  return util::make_error(util::ErrorCode::invalid_input, std::move(message));
}

/// Invalid UTF-8 (a value typed in a latin-1 terminal) is replaced, never thrown about.
std::string dump_line(const json& document) {
  return document.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string_view trim_line_end(std::string_view line) {
  if (!line.empty() && line.back() == '\n') {
    line.remove_suffix(1);
  }
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

/// Parses `line` as one JSON object; `what` names it in errors ("request", "reply").
util::Result<json> parse_object(std::string_view line, std::string_view what) {
  line = trim_line_end(line);
  if (line.size() > k_max_line) {
    return bad(fmt::format("{} is longer than {} bytes", what, k_max_line));
  }
  json document = json::parse(line.begin(), line.end(), nullptr, false);
  if (document.is_discarded()) {
    return bad(fmt::format("{} is not valid JSON", what));
  }
  if (!document.is_object()) {
    return bad(fmt::format("{} is not a JSON object", what));
  }
  return document;
}

/// Reads the optional string field `key` into `target`; an error when it is not a string.
std::optional<util::Error> read_string(const json& object, const char* key, std::string& target) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_string()) {
    return bad(fmt::format("\"{}\" must be a string", key));
  }
  target = it->get<std::string>();
  return std::nullopt;
}

std::optional<util::Error> read_outputs(const json& object,
                                        std::vector<std::pair<std::string, std::string>>& target) {
  const auto it = object.find("outputs");
  if (it == object.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_array()) {
    return bad("\"outputs\" must be a list of {\"name\", \"value\"} objects");
  }
  for (const json& each : *it) {
    if (!each.is_object()) {
      return bad("\"outputs\" must be a list of {\"name\", \"value\"} objects");
    }
    std::string name;
    std::string value;
    if (auto error = read_string(each, "name", name)) {
      return bad("outputs: " + error->message);
    }
    if (auto error = read_string(each, "value", value)) {
      return bad("outputs: " + error->message);
    }
    if (name.empty()) {
      return bad("outputs: an output without a name");
    }
    target.emplace_back(std::move(name), std::move(value));
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Action action) {
  for (const auto& [each, name] : k_actions) {
    if (each == action) {
      return name;
    }
  }
  return "unknown";
}

std::optional<Action> parse_action(std::string_view text) {
  for (const auto& [each, name] : k_actions) {
    if (name == text) {
      return each;
    }
  }
  return std::nullopt;
}

std::string encode_request(const engine::ControlRequest& request) {
  json outputs = json::array();
  for (const auto& [name, value] : request.outputs) {
    outputs.push_back({{"name", name}, {"value", value}});
  }
  const json document{{"action", std::string(to_string(request.action))},
                      {"nodeFieldSelector", request.node_selector},
                      {"outputs", std::move(outputs)},
                      {"message", request.message},
                      {"phase", request.phase}};
  return dump_line(document);
}

util::Result<engine::ControlRequest> decode_request(std::string_view line) {
  util::Result<json> parsed = parse_object(line, "request");
  if (!parsed) {
    return parsed.error();
  }
  const json& document = parsed.value();
  std::string action;
  if (auto error = read_string(document, "action", action)) {
    return *error;
  }
  if (action.empty()) {
    return bad("request has no \"action\"");
  }
  engine::ControlRequest request;
  const std::optional<Action> known = parse_action(action);
  if (!known) {
    return bad(fmt::format("unknown action \"{}\"", action));
  }
  request.action = *known;
  for (const auto& [key, target] :
       {std::pair{"nodeFieldSelector", &request.node_selector},
        std::pair{"message", &request.message}, std::pair{"phase", &request.phase}}) {
    if (auto error = read_string(document, key, *target)) {
      return *error;
    }
  }
  if (auto error = read_outputs(document, request.outputs)) {
    return *error;
  }
  return request;
}

std::string encode_reply(const engine::ControlReply& reply) {
  return dump_line(json{{"ok", reply.ok}, {"message", reply.message}});
}

util::Result<engine::ControlReply> decode_reply(std::string_view line) {
  util::Result<json> parsed = parse_object(line, "reply");
  if (!parsed) {
    return parsed.error();
  }
  const json& document = parsed.value();
  const auto ok = document.find("ok");
  if (ok == document.end() || !ok->is_boolean()) {
    return bad("reply has no boolean \"ok\"");
  }
  engine::ControlReply reply;
  reply.ok = ok->get<bool>();
  if (auto error = read_string(document, "message", reply.message)) {
    return *error;
  }
  return reply;
}

}  // namespace control
