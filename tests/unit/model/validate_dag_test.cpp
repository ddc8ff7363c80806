#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support/lint_fixture.hpp"

namespace {

// A workflow whose `main` template is a dag; the test appends the tasks. The first task line
// is line 14, and a task's `- name:` value starts at column 19.
const std::string k_head = R"yaml(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: dag
spec:
  entrypoint: main
  templates:
    - name: pass
      container:
        image: alpine
    - name: main
      dag:
        tasks:
)yaml";

// "line:col: severity: message" of the dag checks only, so the tests do not depend on what
// the other check groups report about the same text.
std::vector<std::string> dag_lines(const testing::Linted& linted) {
  std::vector<std::string> out;
  for (const model::Diagnostic& d : linted.diagnostics.all()) {
    if (d.check.rfind("dag-", 0) == 0) {
      out.push_back(fmt::format("{}:{}: {}: {}", d.loc.line, d.loc.column,
                                model::to_string(d.severity), d.message));
    }
  }
  return out;
}

std::vector<std::string> lint_dag(const std::string& tasks) {
  return dag_lines(*testing::lint_text(k_head + tasks));
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("check_dag accepts a diamond with dependencies") {
  const auto linted = testing::lint_text(k_head + R"yaml(          - name: A
            template: pass
          - name: B
            dependencies: [A]
            template: pass
          - name: C
            dependencies: [A]
            template: pass
          - name: D
            dependencies: [B, C]
            template: pass
)yaml");
  CHECK(dag_lines(*linted).empty());
}

TEST_CASE("check_dag accepts enhanced depends with every result and loops") {
  const auto linted = testing::lint_text(k_head + R"yaml(          - name: A
            template: pass
            withItems: [1, 2]
          - name: B-1
            depends: "A.AnySucceeded"
            template: pass
            withParam: "[1, 2]"
          - name: C
            depends: A.AllFailed || (B-1.Succeeded && !B-1.Failed)
            template: pass
            withSequence: {count: "2"}
          - name: D
            depends: >-
              (B-1.Errored || B-1.Skipped || B-1.Omitted || B-1.Daemoned)
              && C.AnySucceeded
            template: pass
          - name: E
            depends: D
            template: pass
)yaml");
  CHECK(dag_lines(*linted).empty());
}

TEST_CASE("check_dag: a dag needs at least one task") {
  const auto linted = testing::lint_text(R"yaml(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: dag
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks: []
)yaml");
  CHECK(dag_lines(*linted) == Lines{"10:9: error: templates.main must have at least one task"});
  REQUIRE(linted->with_check("dag-no-tasks").size() == 1);
}

TEST_CASE("check_dag: task names may not start with a digit when dependencies are used") {
  // 1b has dependencies; 2c has none and the template does not use depends: allowed.
  CHECK(lint_dag(R"yaml(          - name: a
            template: pass
          - name: 1b
            dependencies: [a]
            template: pass
          - name: 2c
            template: pass
)yaml") == Lines{"16:19: error: templates.main.tasks.1b name cannot begin with a digit when "
                 "using either 'depends' or 'dependencies'"});
}

TEST_CASE("check_dag: with depends, no task name may start with a digit") {
  // 9z has no depends itself, but another task of the template has.
  CHECK(lint_dag(R"yaml(          - name: 9z
            template: pass
          - name: b
            depends: a
            template: pass
          - name: a
            template: pass
)yaml") == Lines{"14:19: error: templates.main.tasks.9z name cannot begin with a digit when "
                 "using either 'depends' or 'dependencies'"});
}

TEST_CASE("check_dag: depends and dependencies cannot be mixed in one template") {
  const auto linted = testing::lint_text(k_head + R"yaml(          - name: a
            template: pass
          - name: b
            dependencies: [a]
            depends: a
            template: pass
          - name: c
            dependencies:
              - b
            template: pass
)yaml");
  const std::string message =
      "error: templates.main cannot use both 'depends' and 'dependencies' in the same DAG "
      "template";
  CHECK(dag_lines(*linted) == Lines{"17:28: " + message, "22:17: " + message});
  CHECK(linted->with_check("dag-depends-and-dependencies").size() == 2);
}

TEST_CASE("check_dag: continueOn cannot be used with depends") {
  CHECK(lint_dag(R"yaml(          - name: a
            template: pass
            continueOn:
              failed: true
          - name: b
            depends: a.Failed
            template: pass
            continueOn: {error: true}
)yaml") == Lines{"17:15: error: templates.main cannot use 'continueOn' when using 'depends'. "
                 "Instead use 'dep-task.Failed'/'dep-task.Errored'",
                 "21:25: error: templates.main cannot use 'continueOn' when using 'depends'. "
                 "Instead use 'dep-task.Failed'/'dep-task.Errored'"});
}

TEST_CASE("check_dag: continueOn with dependencies is fine") {
  CHECK(lint_dag(R"yaml(          - name: a
            template: pass
            continueOn: {failed: true}
          - name: b
            dependencies: [a]
            template: pass
)yaml")
            .empty());
}

TEST_CASE("check_dag: dependencies must name tasks of the template") {
  CHECK(lint_dag(R"yaml(          - name: build
            template: pass
          - name: test
            dependencies: [biuld, build, nope, nope]
            template: pass
)yaml") == Lines{"17:28: error: templates.main.tasks.test dependency 'biuld' not defined "
                 "(did you mean 'build'?)",
                 "17:42: error: templates.main.tasks.test dependency 'nope' not defined"});
}

TEST_CASE("check_dag: depends operands must name tasks, pointing inside the scalar") {
  // Plain, double-quoted and single-quoted scalars; each name is reported once per task.
  CHECK(lint_dag(R"yaml(          - name: alpha
            template: pass
          - name: bravo
            depends: alpha-b && x || x.Failed
            template: pass
          - name: charlie
            depends: "alpha && (yy.Succeeded)"
            template: pass
          - name: delta
            depends: '!zz'
            template: pass
)yaml") == Lines{"17:22: error: templates.main.tasks.bravo dependency 'alpha-b' not defined "
                 "(did you mean 'alpha'?)",
                 "17:33: error: templates.main.tasks.bravo dependency 'x' not defined",
                 "20:33: error: templates.main.tasks.charlie dependency 'yy' not defined",
                 "23:24: error: templates.main.tasks.delta dependency 'zz' not defined"});
}

TEST_CASE("check_dag: depends syntax errors point at the problem") {
  const auto linted = testing::lint_text(k_head + R"yaml(          - name: a
            template: pass
          - name: b
            depends: a &&   # a comment
            template: pass
          - name: c
            depends: "a \x26& (b"
            template: pass
          - name: d
            depends: 'a '' b'
            template: pass
          - name: e
            depends: |
              a &&
            template: pass
)yaml");
  CHECK(dag_lines(*linted) ==
        Lines{"17:26: error: templates.main.tasks.b.depends: expected a task name, found end of "
              "expression",
              "20:33: error: templates.main.tasks.c.depends: expected ')', found end of expression",
              "23:25: error: templates.main.tasks.d.depends: unexpected character \"'\"",
              // A block scalar: the position falls back to the scalar's start.
              "26:22: error: templates.main.tasks.e.depends: expected a task name, found end of "
              "expression"});
  CHECK(linted->with_check("dag-depends-syntax").size() == 4);
}

TEST_CASE("check_dag: task results must be known") {
  const auto linted = testing::lint_text(k_head + R"yaml(          - name: a
            template: pass
          - name: b
            depends: "a.Suceeded || a.failed || a.Failed"
            template: pass
)yaml");
  CHECK(dag_lines(*linted) ==
        Lines{"17:25: error: templates.main.tasks.b task result 'Suceeded' for task 'a' is invalid",
              "17:39: error: templates.main.tasks.b task result 'failed' for task 'a' is invalid"});
  CHECK(linted->with_check("dag-task-result").size() == 2);
}

TEST_CASE("check_dag: AnySucceeded and AllFailed need a looping dependency") {
  CHECK(lint_dag(R"yaml(          - name: plain
            template: pass
          - name: empty
            template: pass
            withItems: []
          - name: looped
            template: pass
            withItems: [1]
          - name: b
            depends: plain.AnySucceeded || plain.AllFailed || empty.AllFailed || looped.AllFailed
            template: pass
)yaml") == Lines{"23:28: error: templates.main.tasks.b dependency 'plain' uses an items-based "
                 "condition such as .AnySucceeded or .AllFailed but does not contain any items",
                 "23:69: error: templates.main.tasks.b dependency 'empty' uses an items-based "
                 "condition such as .AnySucceeded or .AllFailed but does not contain any items"});
}

TEST_CASE("check_dag: a cycle is reported once, from its first task") {
  CHECK(lint_dag(R"yaml(          - name: start
            template: pass
          - name: x
            dependencies: [start, z]
            template: pass
          - name: w
            dependencies: [x]
            template: pass
          - name: z
            dependencies: [w]
            template: pass
)yaml") == Lines{"17:35: error: templates.main.tasks dependency cycle detected: x->z->w->x"});
}

TEST_CASE("check_dag: every separate cycle is reported, self-loops included") {
  const auto linted = testing::lint_text(k_head + R"yaml(          - name: a
            dependencies: [b]
            template: pass
          - name: b
            dependencies: [a]
            template: pass
          - name: c
            dependencies: ["c"]
            template: pass
)yaml");
  CHECK(dag_lines(*linted) ==
        Lines{"15:28: error: templates.main.tasks dependency cycle detected: a->b->a",
              "21:28: error: templates.main.tasks dependency cycle detected: c->c"});
  CHECK(linted->with_check("dag-cycle").size() == 2);
}

TEST_CASE("check_dag: targets must name tasks") {
  // Argo splits on single spaces, so the double space makes an empty name; tags are skipped.
  CHECK(lint_dag(R"yaml(          - name: alpha
            template: pass
          - name: beta
            template: pass
        target: "alpha  bta {{workflow.parameters.t}}"
)yaml") == Lines{"18:24: error: templates.main.targets: target '' is not defined",
                 "18:25: error: templates.main.targets: target 'bta' is not defined "
                 "(did you mean 'beta'?)"});
}

TEST_CASE("check_dag reports every problem of a template, not just the first") {
  const auto linted = testing::lint_text(k_head + R"yaml(          - name: a
            dependencies: [nope]
            template: pass
          - name: b
            dependencies: [b]
            template: pass
        target: zzz
)yaml");
  CHECK(dag_lines(*linted) ==
        Lines{"15:28: error: templates.main.tasks.a dependency 'nope' not defined",
              "18:28: error: templates.main.tasks dependency cycle detected: b->b",
              "20:17: error: templates.main.targets: target 'zzz' is not defined"});
}

TEST_CASE("check_dag checks inline dag templates and WorkflowTemplate documents") {
  const auto linted = testing::lint_text(R"yaml(apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: lib
spec:
  templates:
    - name: outer
      steps:
        - - name: s
            inline:
              dag:
                tasks:
                  - name: t
                    dependencies: [u]
                    container: {image: alpine}
)yaml");
  CHECK(dag_lines(*linted) == Lines{"14:36: error: templates.outer.steps[0].s.inline.tasks.t "
                                    "dependency 'u' not defined (did you mean 't'?)"});
}

TEST_CASE("check_dag finds nothing to report in Argo's own dag examples") {
  const std::filesystem::path examples =
      std::filesystem::path(FLOWRUN_SOURCE_DIR) / ".." / "shared" / "argo" / "examples";
  if (!std::filesystem::is_directory(examples)) {
    WARN("Argo examples not found at " << examples.string() << "; skipped");
    return;
  }
  size_t dag_files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(examples)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find("dag:") == std::string::npos) {
      continue;
    }
    ++dag_files;
    INFO(entry.path().string());
    CHECK(dag_lines(*testing::lint_text(text.str())).empty());
  }
  CHECK(dag_files > 10);
}
