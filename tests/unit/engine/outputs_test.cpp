// Output capture rules (spec section 7) and the variables finished nodes leave behind.
#include "engine/outputs.hpp"

#include <catch2/catch.hpp>

#include "engine/global_scope.hpp"

TEST_CASE("capture_result trims exactly one trailing newline") {
  CHECK(engine::capture_result("hello\n") == "hello");
  CHECK(engine::capture_result("a\n\n") == "a\n");
  CHECK(engine::capture_result("  spaced  ") == "  spaced  ");
  CHECK(engine::capture_result("") == "");
  CHECK(engine::capture_result("x\r\n") == "x\r");
}

TEST_CASE("capture_result keeps only the last 256 KiB") {
  std::string big(engine::k_max_result_bytes + 10, 'a');
  big.replace(0, 10, "0123456789");
  big += "\n";
  const std::string result = engine::capture_result(big);
  // 256 KiB + 11 bytes in; the first 11 bytes cut, then the newline trimmed.
  CHECK(result.size() == engine::k_max_result_bytes - 1);
  CHECK(result.find('0') == std::string::npos);
}

TEST_CASE("collect_output_parameters: files, defaults, values and the Error case") {
  model::Outputs outputs;
  auto parameter = [](std::string name) {
    model::Parameter p;
    p.name.value = std::move(name);
    return p;
  };
  model::Parameter from_file = parameter("a");
  from_file.value_from.emplace();
  from_file.value_from->path = model::Scalar{"/a", {}, model::ScalarType::string};
  model::Parameter with_default = parameter("b");
  with_default.value_from.emplace();
  with_default.value_from->path = model::Scalar{"/b", {}, model::ScalarType::string};
  with_default.value_from->default_value = model::Scalar{"dflt", {}, model::ScalarType::string};
  model::Parameter literal = parameter("c");
  literal.value = model::Scalar{"lit", {}, model::ScalarType::string};
  outputs.parameters = {from_file, with_default, literal};

  engine::PodEvent event;
  event.files = {{"/a", std::string("A\n\n")}, {"/b", std::nullopt}};
  const auto values = engine::collect_output_parameters(outputs, {"/a", "/b"}, event);
  REQUIRE(values.ok());
  CHECK(*values == std::vector<std::pair<std::string, std::string>>{
                       {"a", "A\n"}, {"b", "dflt"}, {"c", "lit"}});

  event.files = {{"/a", std::nullopt}, {"/b", std::nullopt}};
  const auto missing = engine::collect_output_parameters(outputs, {"/a", "/b"}, event);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "failed to save outputs: open /a: no such file or directory");
}

TEST_CASE("bind_node_outputs binds Argo's steps.X.* names") {
  graph::Node node;
  node.id = "wf-1";
  node.phase = graph::Phase::succeeded;
  node.started_at = std::chrono::system_clock::from_time_t(1704067200);
  node.finished_at = std::chrono::system_clock::from_time_t(1704067205);
  node.outputs.result = "out";
  node.outputs.exit_code = "0";
  node.outputs.parameters = {{"p", "v"}};
  expr::Scope scope;
  engine::bind_node_outputs(scope, "steps.s", node);
  CHECK(*scope.find("steps.s.id") == "wf-1");
  CHECK(*scope.find("steps.s.status") == "Succeeded");
  CHECK(*scope.find("steps.s.startedAt") == "2024-01-01T00:00:00Z");
  CHECK(*scope.find("steps.s.finishedAt") == "2024-01-01T00:00:05Z");
  CHECK(*scope.find("steps.s.exitCode") == "0");
  CHECK(*scope.find("steps.s.outputs.result") == "out");
  CHECK(*scope.find("steps.s.outputs.parameters.p") == "v");
}

TEST_CASE("bind_loop_outputs aggregates Succeeded children only, parsing results as JSON") {
  graph::Node group;
  group.id = "g";
  group.phase = graph::Phase::succeeded;
  std::vector<graph::Node> children(3);
  children[0].phase = graph::Phase::succeeded;
  children[0].outputs.result = "1";
  children[0].outputs.parameters = {{"p", "{\"a\":1}"}};
  children[1].phase = graph::Phase::failed;
  children[1].outputs.result = "2";
  children[2].phase = graph::Phase::succeeded;
  children[2].outputs.result = "{\"x\": true}";
  children[2].outputs.parameters = {{"p", "[1, 2]"}};
  expr::Scope scope;
  engine::bind_loop_outputs(scope, "steps.l", group, {&children[0], &children[1], &children[2]});
  CHECK(*scope.find("steps.l.outputs.result") == R"([1,{"x":true}])");
  CHECK(*scope.find("steps.l.outputs.parameters") == R"([{"p":"{\"a\":1}"},{"p":"[1, 2]"}])");
  // Parsed values are written back compactly, as Go re-marshals them. Every value is a
  // JSON object or array, so the parameter aggregate lists the parsed values.
  CHECK(*scope.find("steps.l.outputs.parameters.p") == R"([{"a":1},[1,2]])");
  CHECK(*scope.find("steps.l.status") == "Succeeded");

  children[0].outputs.result = "hello";  // not JSON: no aggregate at all
  expr::Scope text_scope;
  engine::bind_loop_outputs(text_scope, "steps.l", group, {&children[0]});
  CHECK(text_scope.find("steps.l.outputs.result") == nullptr);
}

TEST_CASE("format_rfc3339 has second precision in UTC") {
  CHECK(engine::format_rfc3339(std::chrono::system_clock::from_time_t(1535002969) +
                               std::chrono::milliseconds(900)) == "2018-08-23T05:42:49Z");
}
