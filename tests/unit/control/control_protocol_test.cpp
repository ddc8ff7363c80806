// The control channel's wire format: requests and replies survive a round trip, and
// anything else is an error value with a reason, never a crash.
#include "control/control_protocol.hpp"

#include <string>

#include <catch2/catch.hpp>

namespace {

using Action = engine::ControlRequest::Action;

std::string decode_error(std::string_view line) {
  auto decoded = control::decode_request(line);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().code == util::ErrorCode::invalid_input);
  return decoded.error().message;
}

}  // namespace

TEST_CASE("control protocol: every request field survives a round trip", "[control]") {
  for (Action action :
       {Action::resume, Action::suspend, Action::stop, Action::terminate, Action::set_node}) {
    engine::ControlRequest request;
    request.action = action;
    request.node_selector = "displayName=approve,phase!=Failed";
    request.outputs = {{"approve", "YES"}, {"note", "a \"quoted\"\nline"}, {"approve", ""}};
    request.message = "stopped by ops";
    request.phase = "Failed";
    const std::string line = control::encode_request(request);
    CHECK(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);  // one line, whatever the values hold
    auto decoded = control::decode_request(line);
    REQUIRE(decoded.ok());
    CHECK(decoded->action == action);
    CHECK(decoded->node_selector == request.node_selector);
    CHECK(decoded->outputs == request.outputs);  // order and repeats kept: later values win
    CHECK(decoded->message == "stopped by ops");
    CHECK(decoded->phase == "Failed");
  }
}

TEST_CASE("control protocol: the wire names of the actions", "[control]") {
  CHECK(control::encode_request({}) ==
        "{\"action\":\"resume\",\"message\":\"\",\"nodeFieldSelector\":\"\",\"outputs\":[],"
        "\"phase\":\"\"}\n");
  CHECK(control::to_string(Action::set_node) == "set_node");
  CHECK(control::parse_action("terminate") == Action::terminate);
  CHECK_FALSE(control::parse_action("Resume").has_value());
}

TEST_CASE("control protocol: only the action is required; unknown fields are ignored",
          "[control]") {
  auto decoded = control::decode_request("{\"action\":\"stop\",\"future\":[1,2]}\r\n");
  REQUIRE(decoded.ok());
  CHECK(decoded->action == Action::stop);
  CHECK(decoded->node_selector.empty());
  CHECK(decoded->outputs.empty());
  auto nulls = control::decode_request(R"({"action":"suspend","message":null,"outputs":null})");
  REQUIRE(nulls.ok());
  CHECK(nulls->action == Action::suspend);
}

TEST_CASE("control protocol: garbage requests are errors that say what is wrong", "[control]") {
  CHECK(decode_error("") == "request is not valid JSON");
  CHECK(decode_error("resume wf\n") == "request is not valid JSON");
  CHECK(decode_error("{\"action\":\"resume\"") == "request is not valid JSON");
  CHECK(decode_error(std::string("\0\xff\xfe", 3)) == "request is not valid JSON");
  CHECK(decode_error("[\"resume\"]") == "request is not a JSON object");
  CHECK(decode_error("42") == "request is not a JSON object");
  CHECK(decode_error("{}") == "request has no \"action\"");
  CHECK(decode_error(R"({"action":7})") == "\"action\" must be a string");
  CHECK(decode_error(R"({"action":"explode"})") == "unknown action \"explode\"");
  CHECK(decode_error(R"({"action":"resume","nodeFieldSelector":["x"]})") ==
        "\"nodeFieldSelector\" must be a string");
  CHECK(decode_error(R"({"action":"resume","phase":true})") == "\"phase\" must be a string");
  CHECK(decode_error(R"({"action":"resume","outputs":{"a":"b"}})") ==
        "\"outputs\" must be a list of {\"name\", \"value\"} objects");
  CHECK(decode_error(R"({"action":"resume","outputs":["a=b"]})") ==
        "\"outputs\" must be a list of {\"name\", \"value\"} objects");
  CHECK(decode_error(R"({"action":"resume","outputs":[{"name":"a","value":1}]})") ==
        "outputs: \"value\" must be a string");
  CHECK(decode_error(R"({"action":"resume","outputs":[{"value":"x"}]})") ==
        "outputs: an output without a name");
  CHECK(decode_error(std::string(control::k_max_line + 1, ' ')) ==
        "request is longer than 1048576 bytes");
  // Deeply nested input is rejected without exhausting the stack.
  CHECK(decode_error(std::string(100000, '[')) == "request is not valid JSON");
}

TEST_CASE("control protocol: values that are not UTF-8 are replaced, never thrown about",
          "[control]") {
  engine::ControlRequest request;
  request.outputs = {{"note", std::string("caf\xe9", 4)}};
  const std::string line = control::encode_request(request);
  auto decoded = control::decode_request(line);
  REQUIRE(decoded.ok());
  CHECK(decoded->outputs.front().second == "caf\xef\xbf\xbd");  // U+FFFD
  CHECK(control::encode_reply({false, std::string("\xc3", 1)}) ==
        "{\"message\":\"\xef\xbf\xbd\",\"ok\":false}\n");
}

TEST_CASE("control protocol: replies survive a round trip; garbage replies are errors",
          "[control]") {
  for (const engine::ControlReply& reply :
       {engine::ControlReply{true, "workflow wf resumed"},
        engine::ControlReply{false, "raw output parameter 'x' has not been set"}}) {
    auto decoded = control::decode_reply(control::encode_reply(reply));
    REQUIRE(decoded.ok());
    CHECK(decoded->ok == reply.ok);
    CHECK(decoded->message == reply.message);
  }
  auto bare = control::decode_reply(R"({"ok":true})");
  REQUIRE(bare.ok());
  CHECK(bare->message.empty());
  for (const char* garbage : {"", "ok", "[]", "{}", R"({"ok":"true"})", R"({"ok":1})"}) {
    CAPTURE(garbage);
    CHECK_FALSE(control::decode_reply(garbage).ok());
  }
  CHECK(control::decode_reply(R"({"ok":true,"message":3})").error().message ==
        "\"message\" must be a string");
}
