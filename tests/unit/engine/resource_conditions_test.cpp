// Resource templates' successCondition / failureCondition: Kubernetes label-selector syntax
// over gjson paths, as Argo's executor evaluates them (matchConditions).
#include "engine/resource_conditions.hpp"

#include <catch2/catch.hpp>

namespace {

std::vector<std::string> parsed(std::string_view text) {
  auto requirements = engine::parse_condition(text);
  REQUIRE(requirements.ok());
  std::vector<std::string> out;
  for (const engine::Requirement& requirement : requirements.value()) {
    out.push_back(requirement.to_string());
  }
  return out;
}

std::string parse_error(std::string_view text) {
  auto requirements = engine::parse_condition(text);
  REQUIRE(!requirements.ok());
  return requirements.error().message;
}

expr::JsonValue object(std::string_view text) {
  auto json = expr::parse_json(text);
  REQUIRE(json.ok());
  return json.value();
}

const char* const k_job = R"({"metadata":{"name":"pi"},"status":{"succeeded":3,"failed":0,
  "phase":"Running","conditions":[{"type":"Complete"}],"ready":true}})";

}  // namespace

TEST_CASE("resource conditions: parse into Kubernetes' requirements, sorted by key") {
  CHECK(parsed("status.phase == Succeeded") == std::vector<std::string>{"status.phase==Succeeded"});
  CHECK(parsed("status.succeeded > 2, status.failed < 1") ==
        std::vector<std::string>{"status.failed<1", "status.succeeded>2"});
  CHECK(parsed("status.phase in (Failed, Error)") ==
        std::vector<std::string>{"status.phase in (Error,Failed)"});
  CHECK(
      parsed("status.phase notin (Pending),!status.message,status.ready") ==
      std::vector<std::string>{"!status.message", "status.phase notin (Pending)", "status.ready"});
  CHECK(parsed("a=b,c!=d") == std::vector<std::string>{"a=b", "c!=d"});
  CHECK(parsed("a=") == std::vector<std::string>{"a="});
}

TEST_CASE("resource conditions: malformed conditions say what was expected") {
  CHECK(parse_error("status.phase == ==") == "found '==', expected: identifier");
  CHECK(parse_error("== x") == "found '==', expected: identifier");
  CHECK(parse_error("a b") == "found 'b', expected: in, notin, =, ==, !=, gt, lt");
  CHECK(parse_error("a in x") == "found 'x', expected: '('");
  CHECK(parse_error("a = b c") == "found 'c', expected: ',' or end of string");
  CHECK(parse_error("status.succeeded > many") ==
        "for 'Gt', 'Lt' operators, the value must be an integer");
}

TEST_CASE("resource conditions: gjson paths and values") {
  const expr::JsonValue job = object(k_job);
  REQUIRE(engine::json_at_path(job, "status.phase") != nullptr);
  CHECK(engine::json_string(*engine::json_at_path(job, "status.phase")) == "Running");
  CHECK(engine::json_string(*engine::json_at_path(job, "status.succeeded")) == "3");
  CHECK(engine::json_string(*engine::json_at_path(job, "status.conditions.0.type")) == "Complete");
  CHECK(engine::json_string(*engine::json_at_path(job, "status.ready")) == "true");
  CHECK(engine::json_string(*engine::json_at_path(job, "metadata")) == R"({"name":"pi"})");
  CHECK(engine::json_at_path(job, "status.missing") == nullptr);
  CHECK(engine::json_at_path(job, "status.conditions.5") == nullptr);
}

TEST_CASE("resource conditions: requirements match as Kubernetes' Requirement.Matches") {
  const expr::JsonValue job = object(k_job);
  const auto matches = [&](std::string_view text) {
    auto requirements = engine::parse_condition(text);
    REQUIRE(requirements.ok());
    REQUIRE(requirements->size() == 1);
    return engine::requirement_matches(requirements->front(), job);
  };
  CHECK(matches("status.phase == Running"));
  CHECK(matches("status.phase = Running"));
  CHECK_FALSE(matches("status.phase == Succeeded"));
  CHECK(matches("status.succeeded > 2"));
  CHECK_FALSE(matches("status.succeeded > 3"));
  CHECK(matches("status.failed < 1"));
  CHECK_FALSE(matches("status.phase > 1"));  // not an integer: false, as in Kubernetes
  CHECK_FALSE(matches("status.missing > 0"));
  CHECK(matches("status.phase in (Running, Pending)"));
  CHECK(matches("status.phase notin (Failed)"));
  CHECK(matches("status.missing != x"));  // a missing key differs from every value
  CHECK_FALSE(matches("status.missing == x"));
  CHECK(matches("status.ready"));
  CHECK(matches("!status.missing"));
  CHECK_FALSE(matches("!status.phase"));
}

TEST_CASE("resource conditions: failure first, then every success requirement") {
  const expr::JsonValue job = object(k_job);
  const auto verdict = [&](std::string_view success, std::string_view failure) {
    auto s = engine::parse_condition(success);
    auto f = engine::parse_condition(failure);
    REQUIRE(s.ok());
    REQUIRE(f.ok());
    return engine::match_conditions(s.value(), f.value(), job);
  };
  auto failed = verdict("status.succeeded > 2", "status.phase == Running");
  CHECK(failed.state == engine::ConditionState::failed);
  CHECK(failed.message == "failure condition 'status.phase==Running' evaluated true");
  CHECK(verdict("status.succeeded > 2, status.ready", "status.failed > 0").state ==
        engine::ConditionState::succeeded);
  CHECK(verdict("status.succeeded > 2, status.phase == Succeeded", "status.failed > 0").state ==
        engine::ConditionState::waiting);
  CHECK(engine::match_conditions({}, {}, job).state == engine::ConditionState::succeeded);
}
