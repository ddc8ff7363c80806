// Tests of the duration checks (lib/model/validate_durations.cpp): timeouts, deadlines,
// parallelism, suspend durations, memoize maxAge, retry strategies and backoff.
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "util/duration.hpp"

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

/// "line:col: severity: message" of the diagnostics of the duration checks only, so checks
/// that other files add (variables, dag ...) cannot disturb these tests.
Lines duration_lines(const testing::Linted& linted) {
  static const std::set<std::string> k_checks = {"invalid-duration",     "leaf-only",
                                                 "invalid-value",        "steps-dag-only",
                                                 "invalid-retry-policy", "invalid-retry-limit"};
  Lines out;
  for (const model::Diagnostic& d : linted.diagnostics.all()) {
    if (k_checks.count(d.check) > 0) {
      out.push_back(fmt::format("{}:{}: {}: {}", d.loc.line, d.loc.column,
                                model::to_string(d.severity), d.message));
    }
  }
  return out;
}

/// A Workflow whose only template `main` is `body` (indented by 4, under `- name: main`).
std::string one_template(const std::string& body) {
  return "apiVersion: argoproj.io/v1alpha1\n"
         "kind: Workflow\n"
         "metadata:\n"
         "  name: wf\n"
         "spec:\n"
         "  entrypoint: main\n"
         "  templates:\n"
         "  - name: main\n" +
         body;
}

/// A Workflow whose spec gets `spec_lines` (indented by 2) before a valid template list.
std::string with_spec(const std::string& spec_lines) {
  return "apiVersion: argoproj.io/v1alpha1\n"
         "kind: Workflow\n"
         "metadata:\n"
         "  name: wf\n"
         "spec:\n"
         "  entrypoint: main\n" +
         spec_lines +
         "  templates:\n"
         "  - name: main\n"
         "    container:\n"
         "      image: alpine\n";
}

/// Go's time.ParseDuration error for `text`, as util reports it (the checks quote it).
std::string go_error(const std::string& text) {
  std::string error;
  REQUIRE_FALSE(util::parse_go_duration(text, &error).has_value());
  return error;
}

}  // namespace

TEST_CASE("durations: valid timeouts, deadlines, retries and durations have no diagnostics") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  parallelism: 2
  activeDeadlineSeconds: 0
  retryStrategy:
    limit: 1
  templates:
  - name: main
    parallelism: 1
    dag:
      tasks:
      - name: a
        template: leaf
        arguments:
          parameters:
          - name: n
            value: "2"
      - name: b
        template: wait
        depends: a
  - name: leaf
    inputs:
      parameters:
      - name: n
    timeout: 30s
    activeDeadlineSeconds: 10
    retryStrategy:
      limit: "3"
      retryPolicy: OnTransientError
      backoff:
        duration: "5"
        factor: 2
        cap: 1m
        maxDuration: 1h30m
    memoize:
      key: k
      maxAge: 10s
      cache:
        configMap:
          name: cache
    container:
      image: alpine
  - name: wait
    activeDeadlineSeconds: 30
    suspend:
      duration: "20"
)");
  CHECK(linted->lines() == Lines{});
}

TEST_CASE("durations: a timeout needs a unit") {
  auto linted = testing::lint_text(one_template(R"(    timeout: 30
    container:
      image: alpine
)"));
  CHECK(duration_lines(*linted) ==
        Lines{"9:14: error: templates.main has invalid duration format in timeout: \"30\" has no "
              "unit (write e.g. \"30s\")"});
}

TEST_CASE("durations: a timeout must be a Go duration") {
  auto linted = testing::lint_text(one_template(R"(    timeout: 1d
    container:
      image: alpine
)"));
  CHECK(duration_lines(*linted) ==
        Lines{"9:14: error: templates.main has invalid duration format in timeout: " +
              go_error("1d")});
  auto templated = testing::lint_text(one_template(R"(    inputs:
      parameters:
      - name: t
    timeout: "{{inputs.parameters.t}}"
    container:
      image: alpine
)"));
  CHECK(duration_lines(*templated) == Lines{});
}

TEST_CASE("durations: only leaf templates take a timeout (not steps, dag or suspend)") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    timeout: 1m
    steps:
    - - name: a
        template: d
  - name: d
    timeout: 1m
    dag:
      tasks:
      - name: a
        template: s
  - name: s
    timeout: 1m
    suspend: {}
  - name: h
    timeout: 1m
    http:
      url: http://localhost
)");
  CHECK(duration_lines(*linted) ==
        Lines{"9:14: error: templates.main: Steps template doesn't support timeout field",
              "14:14: error: templates.d: DAG template doesn't support timeout field",
              "20:14: error: templates.s: Suspend template doesn't support timeout field"});
}

TEST_CASE("durations: activeDeadlineSeconds must be a positive integer or a variable") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    activeDeadlineSeconds: 0
    container:
      image: alpine
  - name: b
    activeDeadlineSeconds: ten
    container:
      image: alpine
  - name: c
    activeDeadlineSeconds: -5
    container:
      image: alpine
  - name: d
    inputs:
      parameters:
      - name: s
    activeDeadlineSeconds: "{{inputs.parameters.s}}"
    container:
      image: alpine
)");
  CHECK(duration_lines(*linted) ==
        Lines{"9:28: error: templates.main.activeDeadlineSeconds must be a positive integer > 0 "
              "or an argo variable",
              "13:28: error: templates.b.activeDeadlineSeconds must be a positive integer > 0 or "
              "an argo variable",
              "17:28: error: templates.c.activeDeadlineSeconds must be a positive integer > 0 or "
              "an argo variable"});
}

TEST_CASE("durations: activeDeadlineSeconds is only valid for leaf templates") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    activeDeadlineSeconds: 10
    steps:
    - - name: a
        template: d
  - name: d
    activeDeadlineSeconds: 10
    dag:
      tasks:
      - name: a
        template: leaf
  - name: leaf
    container:
      image: alpine
)");
  CHECK(duration_lines(*linted) ==
        Lines{"9:28: error: templates.main.activeDeadlineSeconds is only valid for leaf templates",
              "14:28: error: templates.d.activeDeadlineSeconds is only valid for leaf templates"});
}

TEST_CASE("durations: parallelism is for steps and dag templates, and positive") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    parallelism: 0
    steps:
    - - name: a
        template: leaf
  - name: leaf
    parallelism: 2
    container:
      image: alpine
  - name: s
    parallelism: 1
    suspend: {}
)");
  CHECK(duration_lines(*linted) ==
        Lines{"9:18: error: templates.main.parallelism must be a positive integer",
              "14:18: error: templates.leaf.parallelism is only valid for steps and dag templates",
              "18:18: error: templates.s.parallelism is only valid for steps and dag templates"});
}

TEST_CASE("durations: suspend.duration is seconds or a Go duration") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    suspend:
      duration: "20"
  - name: b
    suspend:
      duration: 2m
  - name: c
    suspend:
      duration: 1d
)");
  CHECK(duration_lines(*linted) ==
        Lines{"16:17: error: templates.c.suspend.duration: " + go_error("1d")});
}

TEST_CASE("durations: memoize.maxAge is a Go duration with a unit") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    memoize:
      key: k
      maxAge: "10"
      cache:
        configMap:
          name: c
    container:
      image: alpine
  - name: b
    memoize:
      key: k
      maxAge: 2 days
      cache:
        configMap:
          name: c
    container:
      image: alpine
  - name: c
    memoize:
      key: k
      maxAge: ""
      cache:
        configMap:
          name: c
    container:
      image: alpine
)");
  CHECK(duration_lines(*linted) ==
        Lines{"11:15: error: templates.main.memoize has invalid duration format in maxAge: \"10\" "
              "has no unit (write e.g. \"10s\")",
              "20:15: error: templates.b.memoize has invalid duration format in maxAge: " +
                  go_error("2 days")});
}

TEST_CASE("durations: containerSet.retryStrategy.duration is a Go duration") {
  auto linted = testing::lint_text(one_template(R"(    containerSet:
      retryStrategy:
        retries: 2
        duration: 5
      containers:
      - name: main
        image: alpine
)"));
  CHECK(duration_lines(*linted) ==
        Lines{"12:19: error: templates.main.containerSet.retryStrategy has invalid duration "
              "format in duration: \"5\" has no unit (write e.g. \"5s\")"});
}

TEST_CASE("durations: retryPolicy must be one of Argo's four") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    retryStrategy:
      retryPolicy: OnSuccess
    container:
      image: alpine
  - name: b
    retryStrategy:
      retryPolicy: ""
    container:
      image: alpine
  - name: c
    retryStrategy:
      retryPolicy: OnError
    container:
      image: alpine
)");
  CHECK(duration_lines(*linted) ==
        Lines{"10:20: error: templates.main.retryStrategy.retryPolicy \"OnSuccess\" is invalid: "
              "must be one of Always, OnFailure, OnError, OnTransientError"});
}

TEST_CASE("durations: retry limit is a non-negative integer or an expression") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    retryStrategy:
      limit: -1
    container:
      image: alpine
  - name: b
    retryStrategy:
      limit: three
    container:
      image: alpine
  - name: c
    retryStrategy:
      limit: 1.5
    container:
      image: alpine
  - name: d
    retryStrategy:
      limit: "4"
    container:
      image: alpine
  - name: e
    inputs:
      parameters:
      - name: n
    retryStrategy:
      limit: "{{inputs.parameters.n}}"
    container:
      image: alpine
)");
  CHECK(duration_lines(*linted) ==
        Lines{"10:14: error: templates.main.retryStrategy.limit \"-1\" is invalid: must be a "
              "non-negative integer or a {{...}} expression",
              "15:14: error: templates.b.retryStrategy.limit \"three\" is invalid: must be a "
              "non-negative integer or a {{...}} expression",
              "20:14: error: templates.c.retryStrategy.limit \"1.5\" is invalid: must be a "
              "non-negative integer or a {{...}} expression"});
}

TEST_CASE("durations: backoff durations, factor and the base duration") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    retryStrategy:
      limit: 3
      backoff:
        duration: 1d
        factor: 1.5
        cap: soon
        maxDuration: 1w
    container:
      image: alpine
  - name: b
    retryStrategy:
      limit: 3
      backoff:
        factor: 2
    container:
      image: alpine
  - name: c
    retryStrategy:
      limit: 3
      backoff:
        duration: 1s
        factor: -2
    container:
      image: alpine
)");
  CHECK(duration_lines(*linted) ==
        Lines{"12:19: error: templates.main.retryStrategy.backoff.duration: " + go_error("1d"),
              "15:22: error: templates.main.retryStrategy.backoff.maxDuration: " + go_error("1w"),
              "14:14: error: templates.main.retryStrategy.backoff.cap: " + go_error("soon"),
              "13:17: error: templates.main.retryStrategy.backoff.factor must be a non-negative "
              "integer, not \"1.5\"",
              "22:9: error: templates.b.retryStrategy.backoff: no base duration specified for "
              "retryStrategy",
              "30:17: error: templates.c.retryStrategy.backoff.factor must be a non-negative "
              "integer, not \"-2\""});
}

TEST_CASE("durations: spec.retryStrategy and templateDefaults are checked too") {
  auto linted = testing::lint_text(with_spec(R"(  retryStrategy:
    limit: x
  templateDefaults:
    timeout: "60"
    retryStrategy:
      retryPolicy: Never
)"));
  CHECK(duration_lines(*linted) ==
        Lines{"12:20: error: spec.templateDefaults.retryStrategy.retryPolicy \"Never\" is "
              "invalid: must be one of Always, OnFailure, OnError, OnTransientError",
              "10:14: error: spec.templateDefaults has invalid duration format in timeout: \"60\" "
              "has no unit (write e.g. \"60s\")",
              "8:12: error: spec.retryStrategy.limit \"x\" is invalid: must be a non-negative "
              "integer or a {{...}} expression"});
}

TEST_CASE("durations: spec.parallelism is positive, spec.activeDeadlineSeconds not negative") {
  auto linted = testing::lint_text(with_spec(R"(  parallelism: 0
  activeDeadlineSeconds: -1
)"));
  CHECK(duration_lines(*linted) ==
        Lines{"7:16: error: spec.parallelism must be a positive integer",
              "8:26: error: spec.activeDeadlineSeconds must be a non-negative integer"});
  // 0 terminates a running workflow at once: valid.
  CHECK(duration_lines(*testing::lint_text(with_spec("  parallelism: 3\n"
                                                     "  activeDeadlineSeconds: 0\n"))) == Lines{});
}
