#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support/lint_fixture.hpp"
#include "support/variables_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

using testing::variables;
using testing::workflow;

}  // namespace

TEST_CASE("check_variables: an unknown input parameter of a container") {
  const std::string yaml = workflow(R"(  - name: main
    inputs:
      parameters:
      - name: known
    container:
      image: alpine
      args: ["{{inputs.parameters.known}} {{inputs.parameters.nope}}"]
)");
  CHECK(variables(yaml) ==
        Lines{"14:43: error: templates.main: failed to resolve {{inputs.parameters.nope}}"});
}

TEST_CASE("check_variables: inputs.parameters, artifacts and their paths") {
  const std::string yaml = workflow(R"(  - name: main
    inputs:
      parameters:
      - name: p
      artifacts:
      - name: a
        path: /tmp/a
    container:
      image: alpine
      args: ["{{inputs.parameters}} {{inputs.artifacts.a.path}} {{inputs.artifacts.b.path}}"]
)");
  CHECK(variables(yaml) ==
        Lines{"17:65: error: templates.main: failed to resolve {{inputs.artifacts.b.path}}"});
}

TEST_CASE("check_variables: a step may not use a step of its own group") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: echo
      - name: b
        template: echo
        arguments:
          parameters:
          - name: m
            value: "{{steps.a.outputs.result}}"
  - name: echo
    inputs:
      parameters:
      - name: m
        value: x
    script:
      image: alpine
      source: echo hi
)");
  CHECK(variables(yaml) ==
        Lines{"17:21: error: templates.main.steps failed to resolve {{steps.a.outputs.result}}"});
}

TEST_CASE("check_variables: a step may use every step of earlier groups") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: echo
    - - name: b
        template: echo
    - - name: c
        template: echo
        when: "{{steps.a.status}} == Succeeded && {{steps.b.exitCode}} == 0"
        arguments:
          parameters:
          - name: m
            value: "{{steps.a.outputs.result}} {{steps.b.id}} {{steps.a.startedAt}}"
  - name: echo
    inputs:
      parameters:
      - name: m
        value: x
    script:
      image: alpine
      source: echo hi
)");
  CHECK(variables(yaml).empty());
}

TEST_CASE("check_variables: an unknown step") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: echo
    - - name: b
        template: echo
        when: "{{steps.nope.status}} == Succeeded"
  - name: echo
    script:
      image: alpine
      source: echo hi
)");
  CHECK(variables(yaml) ==
        Lines{"14:16: error: templates.main.steps failed to resolve {{steps.nope.status}}"});
}

TEST_CASE("check_variables: an output parameter the called template does not declare") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: produce
    - - name: b
        template: produce
        when: "{{steps.a.outputs.parameters.out}} == {{steps.a.outputs.parameters.other}}"
  - name: produce
    outputs:
      parameters:
      - name: out
        valueFrom:
          path: /tmp/out
    container:
      image: alpine
)");
  CHECK(variables(yaml) == Lines{"14:54: error: templates.main.steps failed to resolve "
                                 "{{steps.a.outputs.parameters.other}}"});
}

TEST_CASE("check_variables: outputs.result needs a template that produces one") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: inner
      - name: s
        template: leaf
    - - name: b
        template: leaf
        when: "{{steps.s.outputs.result}} == {{steps.a.outputs.result}}"
  - name: inner
    steps:
    - - name: x
        template: leaf
  - name: leaf
    script:
      image: alpine
      source: echo hi
)");
  CHECK(variables(yaml) ==
        Lines{"16:46: error: templates.main.steps failed to resolve {{steps.a.outputs.result}}"});
}

TEST_CASE("check_variables: a looping step aggregates its outputs.parameters") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: loop
        template: leaf
        withItems: [1, 2]
      - name: once
        template: leaf
    - - name: b
        template: leaf
        when: "{{steps.loop.outputs.parameters}} == {{steps.once.outputs.parameters}}"
  - name: leaf
    outputs:
      parameters:
      - name: p
        valueFrom:
          path: /tmp/p
    container:
      image: alpine
)");
  CHECK(variables(yaml) == Lines{"17:53: error: templates.main.steps failed to resolve "
                                 "{{steps.once.outputs.parameters}}"});
}

TEST_CASE("check_variables: a task may only use its ancestors") {
  const std::string yaml = workflow(R"(  - name: main
    dag:
      tasks:
      - name: a
        template: leaf
      - name: b
        template: leaf
      - name: c
        depends: a
        template: leaf
        when: "{{tasks.b.outputs.result}} != x"
        arguments:
          parameters:
          - name: m
            value: "{{tasks.b.outputs.result}}"
  - name: leaf
    inputs:
      parameters:
      - name: m
        value: x
    script:
      image: alpine
      source: echo hi
)");
  CHECK(variables(yaml) ==
        Lines{"18:16: error: templates.main.tasks.c failed to resolve {{tasks.b.outputs.result}}",
              "22:21: error: templates.main.tasks.c missing dependency 'b' for parameter 'm'"});
}

TEST_CASE("check_variables: ancestors are transitive, through dependencies and depends") {
  const std::string yaml = workflow(R"(  - name: main
    dag:
      tasks:
      - name: a
        template: leaf
      - name: b
        dependencies: [a]
        template: leaf
      - name: c
        depends: "(b.Succeeded || b.Failed) && !a.Errored"
        template: leaf
      - name: d
        depends: c
        template: leaf
        arguments:
          artifacts:
          - name: in
            from: "{{tasks.a.outputs.artifacts.out}}"
          parameters:
          - name: m
            value: "{{tasks.a.outputs.result}}-{{tasks.b.status}}-{{tasks.c.id}}"
  - name: leaf
    inputs:
      parameters:
      - name: m
        value: x
    outputs:
      artifacts:
      - name: out
        path: /tmp/out
    script:
      image: alpine
      source: echo hi
)");
  CHECK(variables(yaml).empty());
}

TEST_CASE("check_variables: a missing dependency for an artifact, an unknown task") {
  const std::string yaml = workflow(R"(  - name: main
    dag:
      tasks:
      - name: a
        template: leaf
      - name: b
        template: leaf
        arguments:
          artifacts:
          - name: in
            from: "{{tasks.a.outputs.artifacts.out}}"
          - name: other
            from: "{{tasks.nope.outputs.artifacts.out}}"
  - name: leaf
    outputs:
      artifacts:
      - name: out
        path: /tmp/out
    container:
      image: alpine
)");
  CHECK(variables(yaml) ==
        Lines{"18:20: error: templates.main.tasks.b missing dependency 'a' for artifact 'in'",
              "20:20: error: templates.main.tasks.b failed to resolve "
              "{{tasks.nope.outputs.artifacts.out}}"});
}

TEST_CASE("check_variables: item outside a loop") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: leaf
        arguments:
          parameters:
          - name: m
            value: "{{item.name}} {{item}}"
  - name: leaf
    inputs:
      parameters:
      - name: m
    container:
      image: alpine
      args: ["{{item}}"]
)");
  CHECK(variables(yaml) ==
        Lines{"15:21: error: templates.main.steps failed to resolve {{item.name}}",
              "15:35: warning: templates.main.steps failed to resolve {{item}}",
              "22:15: warning: templates.leaf: failed to resolve {{item}}"});
}

TEST_CASE("check_variables: expression tags are checked, as warnings") {
  const std::string yaml = workflow(R"(  - name: main
    inputs:
      parameters:
      - name: my-param
    container:
      image: alpine
      args:
      - "{{=inputs.parameters.nope}}"
      - "{{= asInt(inputs.parameters['my-param']) + asInt(inputs.parameters['other']) }}"
      - "{{=sprig.trim(inputs.parameters['my-param']) + toJson(filter([1,2], {# > 1}))}}"
)");
  CHECK(variables(yaml) ==
        Lines{"15:10: warning: templates.main: failed to resolve {{=inputs.parameters.nope}}",
              "16:10: warning: templates.main: failed to resolve {{= "
              "asInt(inputs.parameters['my-param']) + asInt(inputs.parameters['other']) }} "
              "('inputs.parameters.other' is not in scope)"});
}

TEST_CASE("check_variables: tags without a checked prefix are left alone") {
  const std::string yaml = workflow(R"(  - name: main
    script:
      image: alpine
      source: |
        echo "{{foo}} {{ .Values.x }} {{status}} {{node.name}} {{input.parameters.x}}"
)");
  CHECK(variables(yaml).empty());
}

TEST_CASE("check_variables: a tag inside a block scalar points at its own line") {
  const std::string yaml = workflow(R"(  - name: main
    script:
      image: alpine
      source: |
        set -e
        echo start
          echo "{{inputs.parameters.missing}}"
)");
  CHECK(variables(yaml) ==
        Lines{"14:17: error: templates.main: failed to resolve {{inputs.parameters.missing}}"});
}

TEST_CASE("check_variables: positions in quoted scalars with escapes and repeated tags") {
  const std::string yaml = workflow(R"(  - name: main
    container:
      image: alpine
      args:
      - "a\"b\t {{inputs.parameters.x}}"
      - 'it''s {{ inputs.parameters.y }}'
      - "{{inputs.parameters.x}}"
)");
  // Each unresolved tag is reported once per template, at its first use.
  CHECK(variables(yaml) ==
        Lines{"12:17: error: templates.main: failed to resolve {{inputs.parameters.x}}",
              "13:16: error: templates.main: failed to resolve {{ inputs.parameters.y }}"});
}

TEST_CASE("check_variables: an exit hook may use its own step") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: leaf
        hooks:
          exit:
            template: report
            arguments:
              parameters:
              - name: m
                value: "{{steps.a.status}} {{steps.a.outputs.result}}"
          running:
            expression: steps['a'].status == "Running"
            template: report
        when: "{{steps.a.status}} == x"
  - name: leaf
    script:
      image: alpine
      source: echo hi
  - name: report
    inputs:
      parameters:
      - name: m
        value: x
    container:
      image: alpine
)");
  CHECK(variables(yaml) ==
        Lines{"22:16: error: templates.main.steps failed to resolve {{steps.a.status}}"});
}

TEST_CASE("check_variables: the outputs of a steps template see every step") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: leaf
    outputs:
      parameters:
      - name: p
        valueFrom:
          parameter: "{{steps.a.outputs.result}}"
      - name: q
        valueFrom:
          expression: "steps.a.outputs.result == 'x' ? steps.b.outputs.result : 'y'"
      - name: r
        valueFrom:
          parameter: "{{steps.b.outputs.result}}"
  - name: leaf
    script:
      image: alpine
      source: echo hi
)");
  CHECK(variables(yaml) ==
        Lines{"19:56: warning: templates.main.outputs failed to resolve "
              "'steps.b.outputs.result' in expression",
              "22:23: error: templates.main.outputs failed to resolve {{steps.b.outputs.result}}"});
}

TEST_CASE("check_variables: an inline template sees its inputs and its step's scope") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: leaf
    - - name: b
        withItems: [x]
        inline:
          inputs:
            parameters:
            - name: own
              value: v
          container:
            image: alpine
            args: ["{{inputs.parameters.own}} {{steps.a.outputs.result}} {{item}}",
                   "{{steps.b.outputs.result}}"]
  - name: leaf
    script:
      image: alpine
      source: echo hi
)");
  CHECK(variables(yaml) ==
        Lines{"22:21: error: templates.main.steps[1].b.inline: failed to resolve "
              "{{steps.b.outputs.result}}"});
}

TEST_CASE("check_variables: steps.X.ip only for daemons") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: server
        template: daemon
      - name: plain
        template: leaf
    - - name: client
        template: leaf
        when: "{{steps.server.ip}} != {{steps.plain.ip}}"
  - name: daemon
    daemon: true
    container:
      image: nginx
  - name: leaf
    container:
      image: alpine
)");
  CHECK(variables(yaml) ==
        Lines{"16:39: error: templates.main.steps failed to resolve {{steps.plain.ip}}"});
}

TEST_CASE("check_variables: workflow-level volumes and hooks see only globals") {
  const std::string yaml = workflow(R"(  - name: main
    container:
      image: alpine
)",
                                    R"(  volumes:
  - name: v
    hostPath:
      path: "/data/{{workflow.name}}/{{inputs.parameters.x}}"
  hooks:
    running:
      expression: workflow.status == "Running" && workflow.nope == "x"
      template: main
)");
  CHECK(variables(yaml) ==
        Lines{"10:38: error: spec.volumes: failed to resolve {{inputs.parameters.x}}",
              "13:51: warning: spec.hooks.running: failed to resolve 'workflow.nope' in "
              "expression"});
}

TEST_CASE("check_variables: steps.* in a DAG and tasks.* in steps do not resolve") {
  const std::string yaml = workflow(R"(  - name: main
    dag:
      tasks:
      - name: a
        template: leaf
      - name: b
        depends: a
        template: leaf
        when: "{{steps.a.status}} == x"
  - name: leaf
    container:
      image: alpine
      args: ["{{tasks.a.status}}"]
)");
  CHECK(variables(yaml) ==
        Lines{"16:16: error: templates.main.tasks.b failed to resolve {{steps.a.status}}",
              "20:15: error: templates.leaf: failed to resolve {{tasks.a.status}}"});
}

TEST_CASE("check_variables: a 10,000-task DAG is checked quickly") {
  std::string tasks;
  const int count = 10'000;
  for (int i = 0; i < count; ++i) {
    tasks += fmt::format("      - name: t{}\n        template: leaf\n", i);
    if (i > 0) {
      tasks += fmt::format(
          "        depends: t{}\n        arguments:\n          parameters:\n"
          "          - name: m\n            value: \"{{{{tasks.t0.outputs.result}}}}\"\n",
          i - 1);
    }
  }
  const std::string yaml =
      workflow("  - name: main\n    dag:\n      tasks:\n" + tasks + R"(  - name: leaf
    inputs:
      parameters:
      - name: m
        value: x
    script:
      image: alpine
      source: echo hi
)");
  // Speed is measured by benchmarks, not asserted here (timed tests flake under sanitizers).
  CHECK(variables(yaml).empty());
}
