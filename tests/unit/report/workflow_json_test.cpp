#include "report/workflow_json.hpp"

#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/yaml_text.hpp"

#include "report_fixtures.hpp"

namespace {

using graph::NodeType;
using graph::Phase;
using nlohmann::json;
using report_test::at;
using report_test::RunBuilder;

/// A one-pod workflow: hello-world with a parameter overridden on the command line.
graph::WorkflowStatus hello_world() {
  RunBuilder run("hello-world-x7k2p");
  run.add("hello-world-x7k2p", NodeType::pod, "", "whalesay", Phase::succeeded, 0, 3)
      .outputs.exit_code = "0";
  graph::WorkflowStatus& status = run.status();
  status.namespace_name = "argo";
  status.labels = {{"team", "ml"}};
  status.annotations = {{"note", "a<b & c>d"}};
  status.spec_json =
      R"({"templates":[{"name":"whalesay","container":{"image":"busybox","args":["hi"]}}],)"
      R"("entrypoint":"whalesay","arguments":{"parameters":[{"name":"m","value":"old"}]}})";
  status.entrypoint = "whalesay";
  status.parameters = {{"m", "new"}};
  status.phase = graph::WorkflowPhase::succeeded;
  status.started_at = at(0);
  status.finished_at = at(3);
  return std::move(status);
}

json parsed(const graph::WorkflowStatus& status) {
  const json doc = json::parse(report::workflow_json(status), nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  return doc;
}

}  // namespace

TEST_CASE("workflow_json writes Argo's object indented by 4, in Go's field order",
          "[report][json]") {
  const std::string expected = R"({
    "kind": "Workflow",
    "apiVersion": "argoproj.io/v1alpha1",
    "metadata": {
        "name": "hello-world-x7k2p",
        "namespace": "argo",
        "uid": "9f0c6a7e-1b2d-4c3e-8f4a-5b6c7d8e9f00",
        "creationTimestamp": "2024-01-02T03:04:05Z",
        "labels": {
            "team": "ml",
            "workflows.argoproj.io/completed": "true",
            "workflows.argoproj.io/phase": "Succeeded"
        },
        "annotations": {
            "note": "a\u003cb \u0026 c\u003ed"
        }
    },
    "spec": {
        "templates": [
            {
                "name": "whalesay",
                "container": {
                    "image": "busybox",
                    "args": [
                        "hi"
                    ]
                }
            }
        ],
        "entrypoint": "whalesay",
        "arguments": {
            "parameters": [
                {
                    "name": "m",
                    "value": "new"
                }
            ]
        }
    },
    "status": {
        "phase": "Succeeded",
        "startedAt": "2024-01-02T03:04:05Z",
        "finishedAt": "2024-01-02T03:04:08Z",
        "progress": "1/1",
        "nodes": {
            "hello-world-x7k2p": {
                "id": "hello-world-x7k2p",
                "name": "hello-world-x7k2p",
                "displayName": "hello-world-x7k2p",
                "type": "Pod",
                "templateName": "whalesay",
                "phase": "Succeeded",
                "startedAt": "2024-01-02T03:04:05Z",
                "finishedAt": "2024-01-02T03:04:08Z",
                "progress": "1/1",
                "outputs": {
                    "exitCode": "0"
                }
            }
        }
    }
}
)";
  CHECK(report::workflow_json(hello_world()) == expected);
}

TEST_CASE("workflow_yaml is the same object as block YAML with sorted keys", "[report][json]") {
  const std::string expected = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  annotations:
    note: a<b & c>d
  creationTimestamp: "2024-01-02T03:04:05Z"
  labels:
    team: ml
    workflows.argoproj.io/completed: "true"
    workflows.argoproj.io/phase: Succeeded
  name: hello-world-x7k2p
  namespace: argo
  uid: 9f0c6a7e-1b2d-4c3e-8f4a-5b6c7d8e9f00
spec:
  arguments:
    parameters:
    - name: m
      value: new
  entrypoint: whalesay
  templates:
  - container:
      args:
      - hi
      image: busybox
    name: whalesay
status:
  finishedAt: "2024-01-02T03:04:08Z"
  nodes:
    hello-world-x7k2p:
      displayName: hello-world-x7k2p
      finishedAt: "2024-01-02T03:04:08Z"
      id: hello-world-x7k2p
      name: hello-world-x7k2p
      outputs:
        exitCode: "0"
      phase: Succeeded
      progress: 1/1
      startedAt: "2024-01-02T03:04:05Z"
      templateName: whalesay
      type: Pod
  phase: Succeeded
  progress: 1/1
  startedAt: "2024-01-02T03:04:05Z"
)";
  CHECK(report::workflow_yaml(hello_world()) == expected);
}

TEST_CASE("the steps run: nodes keyed by ID with Argo's fields", "[report][json]") {
  const graph::WorkflowStatus run = report_test::steps_run();
  const json doc = parsed(run);
  const std::string wf = "steps-z2zdn";
  const json& nodes = doc["status"]["nodes"];
  REQUIRE(nodes.size() == 6);

  const json& root = nodes[wf];
  CHECK(root["id"] == wf);
  CHECK(root["type"] == "Steps");
  CHECK(root["templateName"] == "hello-hello-hello");
  CHECK_FALSE(root.contains("boundaryID"));
  CHECK(root["children"] == json::array({graph::node_id(wf, wf + "[0]")}));
  CHECK(root["outboundNodes"] == json::array({graph::node_id(wf, wf + "[1].hello2a"),
                                              graph::node_id(wf, wf + "[1].hello2b")}));
  CHECK(root["progress"] == "3/3");

  const json& group = nodes[graph::node_id(wf, wf + "[1]")];
  CHECK(group["displayName"] == "[1]");
  CHECK(group["type"] == "StepGroup");
  CHECK(group["boundaryID"] == wf);
  CHECK(group["progress"] == "2/2");

  const json& hello1 = nodes["steps-z2zdn-27420706"];
  CHECK(hello1["name"] == "steps-z2zdn[0].hello1");
  CHECK(hello1["displayName"] == "hello1");
  CHECK(hello1["type"] == "Pod");
  CHECK(hello1["phase"] == "Succeeded");
  CHECK(hello1["boundaryID"] == wf);
  CHECK(hello1["startedAt"] == "2024-01-02T03:04:05Z");
  CHECK(hello1["finishedAt"] == "2024-01-02T03:04:07Z");
  CHECK(hello1["progress"] == "1/1");
  CHECK(hello1["inputs"] == json::parse(R"({"parameters":[{"name":"message","value":"hello1"}]})"));
  CHECK(hello1["children"] == json::array({graph::node_id(wf, wf + "[1]")}));
  // Argo does not store pod names, and leaves empty fields out.
  for (const char* absent :
       {"podName", "message", "outputs", "outboundNodes", "daemoned", "nodeFlag", "templateRef"}) {
    INFO(absent);
    CHECK_FALSE(hello1.contains(absent));
  }

  CHECK(doc["status"]["progress"] == "3/3");
  CHECK_FALSE(doc["status"].contains("message"));
  CHECK_FALSE(doc["status"].contains("outputs"));
  // No spec_json: the spec is what the run used.
  CHECK(doc["spec"] == json::parse(R"({"entrypoint":"hello-hello-hello","arguments":{}})"));
  CHECK(doc["metadata"]["labels"] == json::parse(R"({"workflows.argoproj.io/completed":"true",
                        "workflows.argoproj.io/phase":"Succeeded"})"));
  CHECK_FALSE(doc["metadata"].contains("annotations"));
}

TEST_CASE("node flags, daemons, template refs, outputs and messages", "[report][json]") {
  const std::string wf = "flags";
  RunBuilder run(wf);
  run.add(wf, NodeType::steps, "", "main", Phase::failed, 0, 9).message = "child failed";
  run.add(wf + "[0]", NodeType::step_group, wf, "main", Phase::failed, 0, 9);
  run.add(wf + "[0].try", NodeType::retry, wf, "flaky", Phase::failed, 0, 9);
  run.add(wf + "[0].try(0)", NodeType::pod, wf, "flaky", Phase::failed, 0, 1).message =
      "Error (exit code 1)";
  graph::Node& attempt = run.add(wf + "[0].try(1)", NodeType::pod, wf, "flaky", Phase::error, 2);
  attempt.outputs.parameters = {{"out", "v"}};
  attempt.outputs.result = "hello";
  attempt.outputs.exit_code = "2";
  attempt.outputs.artifacts = {{"art", "/tmp/a", "s3", "flags/pod/art.tgz", "", ""}};
  attempt.input_parameters = {{"x", "1"}};
  attempt.input_artifacts = {{"in", "/in", "raw", "", "data", ""},
                             {"web", "/web", "http", "", "", "http://h/f"}};
  graph::Node& db = run.add(wf + "[0].db", NodeType::pod, wf, "", Phase::running, 0);
  db.daemoned = true;
  db.template_ref = graph::Node::TemplateRef{"lib", "postgres", true};
  run.add(wf + "[0].gate", NodeType::suspend, wf, "", Phase::pending);
  run.add(wf + ".onExit", NodeType::pod, "", "notify", Phase::succeeded, 9, 10).hooked = true;
  run.link(wf, wf + "[0]")
      .link(wf + "[0]", wf + "[0].try")
      .link(wf + "[0].try", wf + "[0].try(0)")
      .link(wf + "[0].try", wf + "[0].try(1)");
  graph::WorkflowStatus& status = run.status();
  status.phase = graph::WorkflowPhase::running;
  status.started_at = at(0);
  status.message = "child failed";
  status.output_parameters = {{"global", "x"}};
  status.output_artifacts = {{"g", "/tmp/a", "s3", "flags/pod/art.tgz", "", ""}};

  const json doc = parsed(status);
  const json& nodes = doc["status"]["nodes"];
  const auto node = [&](const std::string& name) { return nodes[graph::node_id(wf, name)]; };
  CHECK(node(wf + "[0].try(0)")["nodeFlag"] == json::parse(R"({"retried":true})"));
  CHECK(node(wf + "[0].try(1)")["nodeFlag"] == json::parse(R"({"retried":true})"));
  CHECK_FALSE(node(wf + "[0].try").contains("nodeFlag"));
  CHECK(node(wf + ".onExit")["nodeFlag"] == json::parse(R"({"hooked":true})"));
  CHECK(node(wf + "[0].try(0)")["message"] == "Error (exit code 1)");
  CHECK(node(wf)["message"] == "child failed");

  const json outputs = node(wf + "[0].try(1)")["outputs"];
  CHECK(outputs.dump() ==
        R"({"artifacts":[{"name":"art","path":"/tmp/a","s3":{"key":"flags/pod/art.tgz"}}],)"
        R"("exitCode":"2","parameters":[{"name":"out","value":"v"}],"result":"hello"})");
  CHECK(node(wf + "[0].try(1)")["inputs"].dump() ==
        R"({"artifacts":[{"name":"in","path":"/in","raw":{"data":"data"}},)"
        R"({"http":{"url":"http://h/f"},"name":"web","path":"/web"}],)"
        R"("parameters":[{"name":"x","value":"1"}]})");
  CHECK_FALSE(node(wf + "[0].try(1)").contains("finishedAt"));

  CHECK(node(wf + "[0].db")["daemoned"] == true);
  CHECK(node(wf + "[0].db")["templateRef"] ==
        json::parse(R"({"name":"lib","template":"postgres","clusterScope":true})"));
  CHECK_FALSE(node(wf + "[0].db").contains("templateName"));
  CHECK_FALSE(node(wf + "[0].gate").contains("startedAt"));
  CHECK(node(wf + "[0].gate")["progress"] == "0/1");

  CHECK(doc["status"]["phase"] == "Running");
  CHECK_FALSE(doc["status"].contains("finishedAt"));
  CHECK(doc["status"]["message"] == "child failed");
  CHECK(doc["status"]["progress"] == "1/5");
  CHECK(doc["status"]["outputs"] ==
        json::parse(
            R"({"parameters":[{"name":"global","value":"x"}],)"
            R"("artifacts":[{"name":"g","path":"/tmp/a","s3":{"key":"flags/pod/art.tgz"}}]})"));
  CHECK(doc["metadata"]["labels"]["workflows.argoproj.io/completed"] == "false");
  CHECK(doc["metadata"]["labels"]["workflows.argoproj.io/phase"] == "Running");

  // Field order inside a node follows NodeStatus: outputs after nodeFlag, children last.
  const std::string text = report::workflow_json(status);
  const std::size_t try1 = text.find("\"name\": \"flags[0].try(1)\"");
  REQUIRE(try1 != std::string::npos);
  const std::size_t flag = text.find("\"nodeFlag\"", try1);
  const std::size_t out = text.find("\"outputs\"", try1);
  const std::size_t params = text.find("\"parameters\"", out);
  const std::size_t artifacts = text.find("\"artifacts\"", out);
  const std::size_t result = text.find("\"result\"", out);
  const std::size_t exit_code = text.find("\"exitCode\"", out);
  CHECK(flag < out);
  CHECK(params < artifacts);  // Go's Outputs: parameters, artifacts, result, exitCode
  CHECK(artifacts < result);
  CHECK(params < result);
  CHECK(result < exit_code);
}

TEST_CASE("spec_json is kept; entrypoint and arguments.parameters are replaced", "[report][json]") {
  graph::WorkflowStatus status = hello_world();
  status.spec_json = R"({"templates":[],"entrypoint":"old","serviceAccountName":"sa"})";
  status.entrypoint = "new";
  status.parameters = {{"p", "1"}};
  json spec = parsed(status)["spec"];
  CHECK(spec.dump() ==
        R"({"arguments":{"parameters":[{"name":"p","value":"1"}]},"entrypoint":"new",)"
        R"("serviceAccountName":"sa","templates":[]})");
  // Written order is kept and the inserted `arguments` follows `entrypoint`.
  const std::string text = report::workflow_json(status);
  CHECK(text.find("\"entrypoint\": \"new\",\n        \"arguments\": {") != std::string::npos);
  CHECK(text.find("\"arguments\"") < text.find("\"serviceAccountName\""));

  // No parameters left: `arguments` stays, like Go's non-pointer struct, but empty.
  status.spec_json = R"({"entrypoint":"e","arguments":{"parameters":[{"name":"p"}],)"
                     R"("artifacts":[{"name":"a"}]}})";
  status.parameters.clear();
  spec = parsed(status)["spec"];
  CHECK(spec["arguments"] == json::parse(R"({"artifacts":[{"name":"a"}]})"));

  // Not JSON, or not an object: the minimal spec.
  for (const char* bad : {"{oops", "[1,2]"}) {
    status.spec_json = bad;
    CHECK(parsed(status)["spec"] == json::parse(R"({"entrypoint":"new","arguments":{}})"));
  }
}

TEST_CASE("a workflow not started has no phase label, phase or progress", "[report][json]") {
  graph::WorkflowStatus status;
  status.name = "later";
  status.uid.clear();
  status.created_at = at(0);
  status.labels = {{"a", "1"}, {"a", "2"}};
  const json doc = parsed(status);
  CHECK(doc["metadata"] == json::parse(R"({"name":"later","namespace":"default",
      "creationTimestamp":"2024-01-02T03:04:05Z","labels":{"a":"2"}})"));
  CHECK(doc["status"] == json::object());
}

TEST_CASE("strings are escaped as Go's encoder escapes them", "[report][json]") {
  graph::WorkflowStatus status;
  status.name = "esc";
  status.phase = graph::WorkflowPhase::failed;
  status.message = std::string("tab\there \"q\" \\ \x01 \xE2\x80\xA8 bad\xFF end");
  const std::string text = report::workflow_json(status);
  CHECK(text.find(R"("message": "tab\there \"q\" \\ \u0001 \u2028 bad\ufffd end")") !=
        std::string::npos);
  // The YAML of the same string: double-quoted with JSON escapes; the replacement
  // character is an ordinary character by then.
  CHECK(report::workflow_yaml(status).find(
            "message: \"tab\\there \\\"q\\\" \\\\ \\u0001 \\u2028 bad\xEF\xBF\xBD end\"") !=
        std::string::npos);
}
