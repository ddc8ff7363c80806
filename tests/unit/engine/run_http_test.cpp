// The engine on http templates (spec 1.6, 5.4): the request it builds from the template and
// its inputs, how a response is judged (successCondition, the 2xx rule, transport errors),
// `outputs.result`, secrets in headers, continueOn, retryStrategy and the template timeout.
#include <fstream>
#include <map>
#include <mutex>

#include <catch2/catch.hpp>

#include "engine/http_client.hpp"
#include "exec/local_object_dirs.hpp"

#include "support/engine_fixture.hpp"
#include "unit/exec/exec_test_support.hpp"

using testing::EngineRun;
using testing::FakePod;
using Names = std::vector<std::string>;

namespace {

/// Answers from a script instead of the network and keeps every request. Thread-safe: the
/// engine calls it from worker threads.
class FakeHttpClient final : public engine::HttpClient {
 public:
  /// Answers requests to `url` with `responses` in turn; the last one repeats.
  void answer(const std::string& url, std::vector<engine::HttpResponse> responses) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_answers[url] = std::move(responses);
  }

  engine::HttpResponse send(const engine::HttpRequest& request,
                            const std::atomic<bool>& /*cancelled*/) override {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_sent.push_back(request);
    std::vector<engine::HttpResponse>& queue = m_answers[request.url];
    if (queue.empty()) {
      return ok("fake body");
    }
    engine::HttpResponse response = queue.front();
    if (queue.size() > 1) {
      queue.erase(queue.begin());
    }
    return response;
  }

  /// Every request sent so far, in order.
  std::vector<engine::HttpRequest> sent() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_sent;
  }

  static engine::HttpResponse ok(std::string body, int status = 200) {
    engine::HttpResponse response;
    response.status_code = status;
    response.body = std::move(body);
    return response;
  }

 private:
  mutable std::mutex m_mutex;
  std::map<std::string, std::vector<engine::HttpResponse>> m_answers;
  std::vector<engine::HttpRequest> m_sent;
};

/// A workflow whose entrypoint is one http template with `fields` (indented under `http:`).
std::string http_workflow(const std::string& fields, const std::string& extra = "") {
  return R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: call
  arguments: {parameters: [{name: path, value: items}]}
  templates:
  - name: call
    inputs: {parameters: [{name: path, value: "{{workflow.parameters.path}}"}]}
)" + extra +
         "    http:\n" + fields;
}

/// Runs `yaml` with `client`; REQUIREs one request was sent and returns it.
engine::HttpRequest only_request(const FakeHttpClient& client) {
  const std::vector<engine::HttpRequest> sent = client.sent();
  REQUIRE(sent.size() == 1);
  return sent.front();
}

}  // namespace

TEST_CASE("http: a GET by default, its URL substituted; the body is outputs.result") {
  EngineRun run(http_workflow("      url: \"http://svc/{{inputs.parameters.path}}\"\n"));
  FakeHttpClient client;
  client.answer("http://svc/items", {FakeHttpClient::ok("[1,2]")});
  run.request.http = &client;
  run.run();
  const engine::HttpRequest request = only_request(client);
  CHECK(request.method == "GET");
  CHECK(request.url == "http://svc/items");
  CHECK(request.body.empty());
  CHECK(request.headers.empty());
  CHECK_FALSE(request.timeout_seconds);
  CHECK_FALSE(request.insecure_skip_verify);
  CHECK(run.summary() == Names{"wf Succeeded"});
  CHECK(run.node("wf").type == graph::NodeType::http);
  CHECK(run.node("wf").outputs.result == std::optional<std::string>("[1,2]"));
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  // Running while the request was out, then Succeeded.
  CHECK(run.transitions() == Names{"wf Pending", "wf Running", "wf Succeeded"});
}

TEST_CASE("http: POST with a body, headers, timeoutSeconds and insecureSkipVerify") {
  EngineRun run(http_workflow(R"(      url: http://svc/post
      method: POST
      body: '{"path": "{{inputs.parameters.path}}"}'
      timeoutSeconds: 7
      insecureSkipVerify: true
      headers:
      - {name: Content-Type, value: application/json}
      - {name: X-Path, value: "{{inputs.parameters.path}}"}
      - {name: X-Path, value: again}
)"));
  FakeHttpClient client;
  run.request.http = &client;
  run.run();
  const engine::HttpRequest request = only_request(client);
  CHECK(request.method == "POST");
  CHECK(request.body == R"({"path": "items"})");
  CHECK(request.headers ==
        std::vector<std::pair<std::string, std::string>>{
            {"Content-Type", "application/json"}, {"X-Path", "items"}, {"X-Path", "again"}});
  CHECK(request.timeout_seconds == std::optional<long long>(7));
  CHECK(request.insecure_skip_verify);
  CHECK(run.summary() == Names{"wf Succeeded"});
}

TEST_CASE("http: bodyFrom.bytes is base64 and wins over body") {
  EngineRun run(http_workflow(R"(      url: http://svc/post
      method: PUT
      body: ignored
      bodyFrom: {bytes: aGVsbG8gd29ybGQ=}
)"));
  FakeHttpClient client;
  run.request.http = &client;
  run.run();
  CHECK(only_request(client).body == "hello world");
  CHECK(only_request(client).method == "PUT");

  EngineRun bad(http_workflow("      url: http://svc/post\n      bodyFrom: {bytes: \"a!\"}\n"));
  bad.request.http = &client;
  bad.run();
  CHECK(bad.summary() == Names{"wf Error bodyFrom.bytes: illegal base64 data at input byte 1"});
}

TEST_CASE("http: a successCondition over request and response that holds") {
  EngineRun run(http_workflow(R"(      url: http://svc/made
      method: POST
      body: abc
      headers: [{name: x-token, value: t1}]
      successCondition: >-
        response.statusCode == 201 && response.body contains "made" &&
        response.headers["Content-Type"][0] == "application/json" &&
        request.method == "POST" && request.url == "http://svc/made" &&
        request.body == "abc" && request.bodyBytes[0] == 97 &&
        request.headers["X-Token"] == ["t1"] && response.headers["X-Multi"] == ["a", "b"]
)"));
  FakeHttpClient client;
  engine::HttpResponse created = FakeHttpClient::ok("made it", 201);
  created.headers = {{"content-type", "application/json"}, {"X-Multi", "a"}, {"x-multi", "b"}};
  client.answer("http://svc/made", {created});
  run.request.http = &client;
  run.run();
  CHECK(run.summary() == Names{"wf Succeeded"});
}

TEST_CASE("http: a successCondition that is false fails the node with Argo's message") {
  EngineRun run(
      http_workflow("      url: http://svc/x\n"
                    "      successCondition: 'response.body contains \"google\"'\n"));
  FakeHttpClient client;
  client.answer("http://svc/x", {FakeHttpClient::ok("not here", 200)});
  run.request.http = &client;
  run.run();
  CHECK(run.summary() ==
        Names{"wf Failed successCondition 'response.body contains \"google\"' evaluated false"});
  CHECK(run.node("wf").outputs.result == std::optional<std::string>("not here"));
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
}

TEST_CASE("http: a successCondition decides alone: a 500 can succeed") {
  EngineRun run(
      http_workflow("      url: http://svc/x\n"
                    "      successCondition: response.statusCode == 500\n"));
  FakeHttpClient client;
  client.answer("http://svc/x", {FakeHttpClient::ok("oops", 500)});
  run.request.http = &client;
  run.run();
  CHECK(run.summary() == Names{"wf Succeeded"});
}

TEST_CASE("http: a successCondition that is not a bool or does not evaluate fails the node") {
  FakeHttpClient client;
  EngineRun text(http_workflow("      url: http://svc/x\n      successCondition: response.body\n"));
  text.request.http = &client;
  text.run();
  CHECK(text.summary() == Names{"wf Failed unable to cast expression result 'fake body' to bool"});

  EngineRun broken(
      http_workflow("      url: http://svc/x\n      successCondition: response.statusCode +\n"));
  broken.request.http = &client;
  broken.run();
  REQUIRE(broken.summary().size() == 1);
  CHECK(broken.summary().front().rfind("wf Failed cannot parse expression 'response.statusCode +'",
                                       0) == 0);
}

TEST_CASE("http: without a successCondition any 2xx succeeds and others fail") {
  const std::pair<int, std::string> cases[] = {
      {200, "wf Succeeded"},
      {204, "wf Succeeded"},
      {299, "wf Succeeded"},
      {199, "wf Failed received non-2xx response code: 199"},
      {301, "wf Failed received non-2xx response code: 301"},
      {404, "wf Failed received non-2xx response code: 404"},
      {503, "wf Failed received non-2xx response code: 503"},
  };
  for (const auto& [status, expected] : cases) {
    EngineRun run(http_workflow("      url: http://svc/x\n"));
    FakeHttpClient client;
    client.answer("http://svc/x", {FakeHttpClient::ok("body " + std::to_string(status), status)});
    run.request.http = &client;
    run.run();
    INFO(status);
    CHECK(run.summary() == Names{expected});
    // The body is the result whatever the status.
    CHECK(run.node("wf").outputs.result == "body " + std::to_string(status));
  }
}

TEST_CASE("http: a transport error fails the node with Go's url.Error wording") {
  EngineRun run(http_workflow("      url: http://127.0.0.1:1/\n      method: post\n"));
  FakeHttpClient client;
  engine::HttpResponse refused;
  refused.error = "Failed to connect to 127.0.0.1 port 1: Connection refused";
  client.answer("http://127.0.0.1:1/", {refused});
  run.request.http = &client;
  run.run();
  CHECK(run.summary() == Names{"wf Failed Post \"http://127.0.0.1:1/\": Failed to connect to "
                               "127.0.0.1 port 1: Connection refused"});
  CHECK_FALSE(run.node("wf").outputs.result);
}

TEST_CASE("http: without an HTTP client the node is an Error that says so") {
  EngineRun run(http_workflow("      url: http://svc/x\n"));
  run.run();
  CHECK(run.summary() ==
        Names{"wf Error http templates cannot run here: this run was given no HTTP client"});
}

TEST_CASE("http: the result feeds a later step") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: fetch, template: fetch}
    - - name: show
        template: show
        arguments: {parameters: [{name: text, value: "{{steps.fetch.outputs.result}}"}]}
  - name: fetch
    http: {url: http://svc/greeting}
  - name: show
    inputs: {parameters: [{name: text}]}
    container: {image: busybox, args: ["got {{inputs.parameters.text}}"]}
)");
  FakeHttpClient client;
  client.answer("http://svc/greeting", {FakeHttpClient::ok("hello")});
  run.request.http = &client;
  run.run();
  CHECK(run.summary() == Names{"wf Succeeded", "wf[0] Succeeded", "wf[0].fetch Succeeded",
                               "wf[1] Succeeded", "wf[1].show Succeeded"});
  CHECK(run.node("wf[0].fetch").type == graph::NodeType::http);
  const engine::PodRequest* show = run.executor.request_for("wf[1].show");
  REQUIRE(show != nullptr);
  CHECK(show->main.args == Names{"got hello"});
}

TEST_CASE("http: a header's valueFrom.secretKeyRef reads the local secret") {
  exec_test::ScratchDir dir;
  REQUIRE(!dir.path().empty());
  std::filesystem::create_directories(dir / "api");
  std::ofstream(dir / "api/token") << "s3cret";
  const exec::LocalObjectDirs objects(dir.path(), "");
  const std::string fields = R"(      url: http://svc/x
      headers:
      - name: Authorization
        valueFrom: {secretKeyRef: {name: api, key: token}}
)";
  EngineRun run(http_workflow(fields));
  FakeHttpClient client;
  run.request.http = &client;
  run.request.objects = &objects;
  run.run();
  CHECK(only_request(client).headers ==
        std::vector<std::pair<std::string, std::string>>{{"Authorization", "s3cret"}});
  CHECK(run.summary() == Names{"wf Succeeded"});

  EngineRun missing(http_workflow(fields));
  FakeHttpClient unused;
  missing.request.http = &unused;
  missing.run();
  CHECK(missing.summary() ==
        Names{"wf Failed secret \"api\" not found: no local secrets are configured"});
  CHECK(unused.sent().empty());
}

TEST_CASE("http: continueOn failed lets the steps go on, as http-hello-world.yaml") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: good
        template: http
        arguments: {parameters: [{name: url, value: "http://svc/good"}]}
      - name: bad
        template: http
        continueOn: {failed: true}
        arguments: {parameters: [{name: url, value: "http://svc/bad"}]}
  - name: http
    inputs: {parameters: [{name: url}]}
    http: {url: "{{inputs.parameters.url}}"}
)");
  FakeHttpClient client;
  client.answer("http://svc/bad", {FakeHttpClient::ok("404: Not Found", 404)});
  run.request.http = &client;
  run.run();
  CHECK(run.phase("wf[0].good") == "Succeeded");
  CHECK(run.node("wf[0].bad").message == "received non-2xx response code: 404");
  CHECK(run.phase("wf[0].bad") == "Failed");
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("http: retryStrategy retries a failing request") {
  EngineRun run(http_workflow("      url: http://svc/flaky\n", "    retryStrategy: {limit: 3}\n"));
  FakeHttpClient client;
  client.answer("http://svc/flaky", {FakeHttpClient::ok("busy", 503),
                                     FakeHttpClient::ok("busy", 503), FakeHttpClient::ok("done")});
  run.request.http = &client;
  run.run();
  CHECK(run.summary() == Names{"wf Succeeded", "wf(0) Failed received non-2xx response code: 503",
                               "wf(1) Failed received non-2xx response code: 503",
                               "wf(2) Succeeded"});
  CHECK(run.node("wf").type == graph::NodeType::retry);
  CHECK(run.node("wf(2)").type == graph::NodeType::http);
  CHECK(run.node("wf(2)").outputs.result == std::optional<std::string>("done"));
  CHECK(client.sent().size() == 3);
}

TEST_CASE("http: the template timeout lowers the request's timeout") {
  FakeHttpClient client;
  EngineRun shorter(http_workflow("      url: http://svc/x\n      timeoutSeconds: 30\n",
                                  "    timeout: 2500ms\n"));
  shorter.request.http = &client;
  shorter.run();
  EngineRun longer(
      http_workflow("      url: http://svc/y\n      timeoutSeconds: 5\n", "    timeout: 1m\n"));
  longer.request.http = &client;
  longer.run();
  EngineRun only(http_workflow("      url: http://svc/z\n", "    timeout: 4s\n"));
  only.request.http = &client;
  only.run();
  const std::vector<engine::HttpRequest> sent = client.sent();
  REQUIRE(sent.size() == 3);
  CHECK(sent[0].timeout_seconds == std::optional<long long>(3));  // 2.5s rounded up
  CHECK(sent[1].timeout_seconds == std::optional<long long>(5));
  CHECK(sent[2].timeout_seconds == std::optional<long long>(4));

  EngineRun bad(http_workflow("      url: http://svc/x\n      timeoutSeconds: soon\n"));
  bad.request.http = &client;
  bad.run();
  CHECK(bad.summary() ==
        Names{"wf Error timeoutSeconds: value 'soon' cannot be resolved to an int"});
}

TEST_CASE("http: a stub response (the dry run) succeeds whatever the successCondition") {
  EngineRun run(
      http_workflow("      url: http://svc/x\n"
                    "      successCondition: response.statusCode == 201\n"));
  FakeHttpClient client;
  engine::HttpResponse stub = FakeHttpClient::ok("[\"dry-run\"]");
  stub.stub = true;
  client.answer("http://svc/x", {stub});
  run.request.http = &client;
  run.run();
  CHECK(run.summary() == Names{"wf Succeeded"});
  CHECK(run.node("wf").outputs.result == std::optional<std::string>("[\"dry-run\"]"));
}
