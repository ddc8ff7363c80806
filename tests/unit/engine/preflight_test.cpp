// The preflight: what this version cannot run is named, with its position, before running.
#include "engine/preflight.hpp"

#include <catch2/catch.hpp>

#include "support/preflight_fixture.hpp"

using testing::preflight_lines;

TEST_CASE("preflight: a plain steps/container workflow has nothing unsupported") {
  CHECK(preflight_lines(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ok}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: leaf}
  - {name: leaf, container: {image: busybox}}
)")
            .empty());
}

TEST_CASE("preflight: reachable unsupported features are listed with their positions") {
  CHECK(preflight_lines(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: nope}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: leaf}
      - {name: b, template: wait}
  - name: leaf
    retryStrategy: {limit: 2, expression: "true"}
    container: {image: busybox, args: ["{{=1+1}}"]}
  - name: wait
    plugin: {hello: {}}
  - name: unused
    http: {url: "http://x"}
)") == std::vector<std::string>{
           "12:43: retryStrategy.expression is not supported by this version of flowrun",
           "15:5: the plugin template type is not supported by this version of flowrun",
       });
}

TEST_CASE("preflight: template failFast on steps and dag templates runs") {
  CHECK(preflight_lines(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ff}
spec:
  entrypoint: main
  templates:
  - name: main
    failFast: true
    parallelism: 1
    steps:
    - - {name: a, template: leaf}
    - - {name: b, template: d}
  - name: d
    failFast: true
    dag:
      tasks:
      - {name: t, template: leaf}
  - {name: leaf, container: {image: busybox}}
)")
            .empty());
}

TEST_CASE("preflight: containerSet runs; a daemon containerSet is refused") {
  CHECK(preflight_lines(R"yaml(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      containers:
      - {name: a, image: busybox}
      - {name: main, image: busybox, dependencies: [a]}
)yaml")
            .empty());
  CHECK(preflight_lines(R"yaml(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    daemon: true
    containerSet:
      containers:
      - name: main
        image: busybox
        env:
        - name: X
          valueFrom:
            fieldRef:
              fieldPath: status.podIP
)yaml") == std::vector<std::string>{
               "10:5: a daemon containerSet is not supported by this version of flowrun",
               "18:15: env fieldRef 'status.podIP' is not supported by this version of "
               "flowrun"});
}
