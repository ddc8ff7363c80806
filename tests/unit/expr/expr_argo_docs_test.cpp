// Every expr expression in Argo's docs and examples, with the documented (or carefully
// derived) result, plus a corpus check that every `{{=...}}` tag and `expression:` field in
// ../shared/argo parses.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "expr/expr_eval.hpp"

#include "expr_case_runner.hpp"

namespace {

namespace fs = std::filesystem;
using expr::ExprEnv;
using expr::ExprValue;
using expr_test::Case;

constexpr const char* k_config =
    R"({"employees": [{"name": "Baris", "age":43},{"name": "Mo", "age": 42}, {"name": "Jai", "age" :44}]})";
constexpr const char* k_weather =
    R"({"weekWeather": "eyJ0ZW1wcyI6IFszNCwgMjcsIDE1LCA1NywgNDZdfQo="})";

// The `{{=` tag of examples/expression-reusing-verbose-snippets.yaml, as its folded scalar
// reads after YAML decoding (its line breaks are spaces or kept; both are whitespace to expr).
constexpr const char* k_week_temps = R"(
    map([
        jsonpath(sprig.b64dec(jsonpath(workflow.parameters.weather, '$.weekWeather')), '$.temps')
      ], {
        toJson({
          avg: sprig.add(#[0], #[1], #[2], #[3], #[4]) / 5,
          min: sprig.min(#[0], #[1], #[2], #[3], #[4]),
          max: sprig.max(#[0], #[1], #[2], #[3], #[4])
        })
    })[0]
  )";

ExprEnv make_env() {
  auto env = ExprEnv::from_strings({
      {"workflow.name", "expr-wf"},
      {"workflow.status", "Running"},
      {"workflow.creationTimestamp", "2024-03-05T06:00:00Z"},
      {"workflow.parameters", R"([{"name":"should-print","value":"true"}])"},
      {"workflow.parameters.json", R"([{"name":"should-print","value":"true"}])"},
      {"workflow.parameters.should-print", "true"},
      {"workflow.parameters.config", k_config},
      {"workflow.parameters.weather", k_weather},
      {"workflow.parameters.foo", "bar"},
      {"inputs.parameters.my-int-param", "42"},
      {"inputs.parameters.my-float-param", "3.14"},
      {"inputs.parameters.my-string-param", "  padded  "},
      {"inputs.parameters.json", R"({"some": {"path": "found"}})"},
      {"inputs.parameters.may-contain-quotes", "example"},
      {"inputs.parameters.should-print", "true"},
      {"inputs.parameters.foo", "3"},
      {"inputs.parameters.week-temps", R"({"avg":35.8,"max":57,"min":15})"},
      {"item", "3"},
      {"lastRetry.exitCode", "2"},
      {"lastRetry.status", "Failed"},
      {"lastRetry.duration", "5"},
      {"lastRetry.message", "pod deleted"},
      {"steps.flip-coin.outputs.result", "heads"},
      {"steps.heads.outputs.result", "it was heads"},
      {"steps.heads.outputs.artifacts.result", "heads-artifact"},
      {"steps.tails.outputs.artifacts.result", "tails-artifact"},
      {"steps.heads.outputs.artifacts.headsresult", "headsresult-artifact"},
      {"steps.tails.outputs.artifacts.tailsresult", "tailsresult-artifact"},
      {"steps.step-1.status", "Running"},
      {"steps.step2.status", "Succeeded"},
      {"tasks.flip-coin.outputs.result", "tails"},
      {"tasks.tails.outputs.result", "it was tails"},
  });
  // A skipped producer's declared output is an absent optional: nil in expressions.
  env.set("steps.producer.outputs.parameters.msg", ExprValue());
  env.set("tasks.producer.outputs.parameters.msg", ExprValue());
  env.set_clock([] { return expr_test::k_test_now; });
  return env;
}

const std::vector<Case> k_doc_cases = {
    // docs/variables.md, "Expression" examples
    {"[1, 2]", "[1,2]"},
    {"filter([1, 2], { # > 1})", "[2]"},
    {"map([1, 2], { # * 2 })", "[2,4]"},
    {"asInt(inputs.parameters['my-int-param'])", "42"},
    {"asFloat(inputs.parameters['my-float-param'])", "3.14"},
    {"string(1)", "1"},
    {"toJson([1, 2])", "[1,2]"},
    {"jsonpath(inputs.parameters.json, '$.some.path')", "found"},
    {"sprig.trim(inputs.parameters['my-string-param'])", "padded"},
    {"workflow.name", "expr-wf"},
    // docs/variables.md, outputs of skipped nodes; docs/upgrading.md
    {"steps.producer.outputs.parameters.msg ?? 'fallback'", "fallback"},
    {"steps.producer.outputs.parameters.msg",
     R"(!failed to evaluate expression "steps.producer.outputs.parameters.msg")"},
    {"steps.producer.outputs.parameters.msg + '-suffix'", "!invalid operation: <nil> + string"},
    {"steps.producer.outputs.parameters.msg == ''", "false"},
    {"tasks.producer.outputs.parameters.msg",
     R"(!failed to evaluate expression "tasks.producer.outputs.parameters.msg")"},
    // docs/variables.md (RetryStrategy) and docs/retries.md
    {"asInt(lastRetry.exitCode) >= 2", "true"},
    {"lastRetry.exitCode != '2'", "false"},
    {"asInt(lastRetry.exitCode) > 1", "true"},
    {"lastRetry.status != \"Error\"", "true"},
    {"asInt(lastRetry.duration) < 60", "true"},
    {"lastRetry.message matches 'imminent node shutdown|pod deleted'", "true"},
    // examples/retry-conditional.yaml, after {{inputs.parameters.safe-to-retry}} became true
    {"asInt(lastRetry.exitCode) > 1 &&\nlastRetry.status != \"Error\" &&\n"
     "asInt(lastRetry.duration) < 120 &&\n"
     "(true == true || lastRetry.message matches 'imminent node shutdown|pod deleted')",
     "true"},
    // docs/walk-through/conditionals.md, examples/conditionals.yaml
    {"inputs.parameters['may-contain-quotes'] == 'example'", "true"},
    {"inputs.parameters[\"should-print\"] == 'true'", "true"},
    {"jsonpath(workflow.parameters.json, '$[0].value') == 'true'", "true"},
    // the bare JSON form of workflow.parameters is dropped for the nested map
    {"type(workflow.parameters)", "map"},
    {"workflow.parameters.json", R"([{"name":"should-print","value":"true"}])"},
    // examples/expression-tag-template-workflow.yaml
    {"item", "3"},
    {"toJson(filter([1, 3], {# > 1}))", "[3]"},
    {"asInt(inputs.parameters.foo) * 10", "30"},
    {"sprig.date('2006', workflow.creationTimestamp)", "2024"},
    // examples/expression-destructure-json.yaml and -complex.yaml
    {"jsonpath(workflow.parameters.config, '$.employees[?(@.name==\"Baris\")].age')", "[43]"},
    {"jsonpath(workflow.parameters.config, '$.employees[?(@.age>42 && @.age<44)].age')", "[43]"},
    {"jsonpath(workflow.parameters.config, '$.employees[0:1]')", R"([{"age":43,"name":"Baris"}])"},
    {"jsonpath(workflow.parameters.config, '$.employees[*].name')", R"(["Baris","Mo","Jai"])"},
    // examples/expression-reusing-verbose-snippets.yaml
    {k_week_temps, R"({"avg":35.8,"max":57,"min":15})"},
    {"jsonpath(inputs.parameters['week-temps'], '$.avg')", "35.8"},
    {"jsonpath(inputs.parameters['week-temps'], '$.min')", "15"},
    {"jsonpath(inputs.parameters['week-temps'], '$.max')", "57"},
    // examples/life-cycle-hooks-*.yaml, docs/lifecyclehook.md
    {"workflow.status == \"Running\"", "true"},
    {"steps[\"step-1\"].status == \"Running\"", "true"},
    {"steps[\"step-1\"].status == \"Succeeded\"", "false"},
    {"steps.step2.status == \"Running\"", "false"},
    {"steps.step2.status == \"Succeeded\"", "true"},
    // examples/conditional-parameters.yaml, dag-conditional-parameters.yaml
    {"steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.result : "
     "steps.tails.outputs.result",
     "it was heads"},
    {"tasks['flip-coin'].outputs.result == 'heads' ? tasks.heads.outputs.result : "
     "tasks.tails.outputs.result",
     "it was tails"},
    // examples/conditional-artifacts.yaml (fromExpression)
    {"steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.artifacts.result : "
     "steps.tails.outputs.artifacts.result",
     "heads-artifact"},
    // docs/conditional-artifacts-parameters.md (fromExpression and valueFrom.expression)
    {"steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.artifacts.headsresult : "
     "steps.tails.outputs.artifacts.tailsresult",
     "headsresult-artifact"},
    // examples/label-value-from-workflow.yaml, skipped-output-defaults/expression-fallback.yaml
    {"workflow.parameters.foo", "bar"},
    {"tasks.producer.outputs.parameters.msg ?? 'expr-fallback'", "expr-fallback"},
};

TEST_CASE("Argo docs and examples: expressions evaluate to their documented results") {
  expr_test::run_cases(k_doc_cases, make_env());
}

TEST_CASE("Argo docs: retry expressions with other last-retry values") {
  auto env = ExprEnv::from_strings({{"lastRetry.exitCode", "-1"},
                                    {"lastRetry.status", "Error"},
                                    {"lastRetry.duration", "3.02"},
                                    {"lastRetry.message", "OOMKilled"}});
  expr_test::run_cases(
      {
          {"asInt(lastRetry.exitCode) > 1", "false"},
          {"lastRetry.status != \"Error\"", "false"},
          {"lastRetry.message matches 'imminent node shutdown|pod deleted'", "false"},
          // Argo's duration is fractional text: asInt fails on it exactly like expr's int().
          {"asInt(lastRetry.duration) < 60", "!invalid operation: int(3.02)"},
          {"asFloat(lastRetry.duration) < 60", "true"},
      },
      env);
}

TEST_CASE("Argo docs: a producer that ran and wrote an empty output is not absent") {
  auto env = ExprEnv::from_strings({{"steps.producer.outputs.parameters.msg", ""}});
  expr_test::run_cases({{"steps.producer.outputs.parameters.msg ?? 'fallback'", ""},
                        {"steps.producer.outputs.parameters.msg == ''", "true"}},
                       env);
}

TEST_CASE("Argo docs: fibonacci-seq-conditional-param valueFrom.expression") {
  const std::string text =
      "asInt(inputs.parameters.num) == 1? 1: asInt(inputs.parameters.num) == 2? 1: "
      "steps['fibonacci-helper'].outputs.parameters.result";
  // For 1 and 2 the helper step was skipped: its output is absent (nil) but `steps` exists.
  for (const char* num : {"1", "2"}) {
    auto env = ExprEnv::from_strings({{"inputs.parameters.num", num}});
    env.set("steps.fibonacci-helper.outputs.parameters.result", ExprValue());
    expr_test::run_cases({{text, "1"}}, env);
  }
  // Without any `steps` in scope, expr's compile-time name check fails, as in Argo.
  expr_test::run_cases({{text, "!unknown name steps (1:77)"}},
                       ExprEnv::from_strings({{"inputs.parameters.num", "1"}}));
  expr_test::run_cases(
      {{text, "5"}},
      ExprEnv::from_strings({{"inputs.parameters.num", "5"},
                             {"steps.fibonacci-helper.outputs.parameters.result", "5"}}));
}

TEST_CASE("Argo docs: data transformations and http successCondition") {
  ExprEnv env;
  env.set("data",
          ExprValue::array({ExprValue::string("foo/main.log"), ExprValue::string("bar/other.log"),
                            ExprValue::string("a.pdf")}));
  env.set("response.statusCode", ExprValue::integer(201));
  env.set("response.body", ExprValue::string("<html>google</html>"));
  env.set("response.headers",
          ExprValue::map({{"Server", ExprValue::array({ExprValue::string("cloudflare")})}}));
  expr_test::run_cases(
      {
          {"filter(data, {# endsWith \"main.log\"})", R"(["foo/main.log"])"},
          {"filter(data, {# endsWith \".pdf\"})", R"(["a.pdf"])"},
          {"map(data, {# + \".ready\"})",
           R"(["foo/main.log.ready","bar/other.log.ready","a.pdf.ready"])"},
          {"response.statusCode == 201", "true"},
          {"response.body contains \"google\"", "true"},
          {"response.headers[\"Server\"][0] == \"cloudflare\"", "true"},
      },
      env);
}

TEST_CASE("Argo docs: CronWorkflow when and stopStrategy expressions") {
  // docs/cron-workflows.md (3600 and 7200) and examples/cron-when.yaml (360)
  const std::string prefix =
      "cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() "
      "> ";
  const std::string hourly = prefix + "3600";
  const std::string two_hourly = prefix + "7200";
  const std::string six_minutes = prefix + "360";
  ExprEnv first_run;
  first_run.set("cronworkflow.lastScheduledTime", ExprValue());
  first_run.set("cronworkflow.succeeded", ExprValue::integer(2));
  first_run.set("cronworkflow.failed", ExprValue::integer(1));
  first_run.set_clock([] { return expr_test::k_test_now; });
  expr_test::run_cases({{hourly, "true"},
                        {two_hourly, "true"},
                        {six_minutes, "true"},
                        {"cronworkflow.succeeded >= 1", "true"},
                        {"cronworkflow.failed >= 3", "false"}},
                       first_run);
  ExprEnv recent = first_run;
  recent.set("cronworkflow.lastScheduledTime",
             ExprValue::time(expr_test::k_test_now - 1800LL * 1000000000LL));
  expr_test::run_cases({{hourly, "false"}, {two_hourly, "false"}, {six_minutes, "true"}}, recent);
  ExprEnv old = first_run;
  old.set("cronworkflow.lastScheduledTime",
          ExprValue::time(expr_test::k_test_now - 7201LL * 1000000000LL));
  expr_test::run_cases({{hourly, "true"}, {two_hourly, "true"}, {six_minutes, "true"}}, old);
}

// --- corpus: everything in ../shared/argo parses ----------------------------------------------

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The `{{=...}}` tag bodies of a file; tags inside YAML double-quoted scalars are unescaped.
std::vector<std::string> expression_tags(const std::string& text, bool yaml) {
  std::vector<std::string> tags;
  for (size_t pos = text.find("{{="); pos != std::string::npos; pos = text.find("{{=", pos + 3)) {
    const size_t end = text.find("}}", pos);
    if (end == std::string::npos) {
      break;
    }
    std::string body = text.substr(pos + 3, end - pos - 3);
    const bool quoted = yaml && pos > 0 && text[pos - 1] == '"';
    if (quoted) {
      body = std::regex_replace(body, std::regex(R"(\\")"), "\"");
    }
    tags.push_back(body);
  }
  return tags;
}

// Single-line `expression:` / `fromExpression:` fields without simple tags (those are
// substituted before evaluation), YAML quotes removed.
std::vector<std::string> expression_fields(const std::string& text) {
  static const std::regex field(R"((^|\n)\s*(- )?(expression|fromExpression): *([^\n]+))");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), field);
       it != std::sregex_iterator(); ++it) {
    std::string value = (*it)[4].str();
    if (value.rfind(">", 0) == 0 || value.rfind("|", 0) == 0 ||
        value.find("{{") != std::string::npos) {
      continue;
    }
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = std::regex_replace(value.substr(1, value.size() - 2), std::regex(R"(\\")"), "\"");
    }
    out.push_back(value);
  }
  return out;
}

}  // namespace

TEST_CASE("every expression tag and expression field in Argo's examples and docs parses") {
  const fs::path root = fs::path(FLOWRUN_SOURCE_DIR) / ".." / "shared" / "argo";
  if (!fs::is_directory(root / "examples")) {
    WARN("Argo examples not found at " << root.string() << "; skipping");
    return;
  }
  size_t checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml" && ext != ".md")) {
      continue;
    }
    const std::string text = read_text(entry.path());
    std::vector<std::string> expressions = expression_tags(text, ext != ".md");
    if (ext != ".md") {
      const auto fields = expression_fields(text);
      expressions.insert(expressions.end(), fields.begin(), fields.end());
    }
    for (const std::string& expression : expressions) {
      INFO(entry.path().string() << ": " << expression);
      const auto parsed = expr::check_expression_syntax(expression);
      CHECK(parsed.ok());
      if (!parsed.ok()) {
        UNSCOPED_INFO(parsed.error().message);
      }
      ++checked;
    }
  }
  CHECK(checked >= 25);
}
