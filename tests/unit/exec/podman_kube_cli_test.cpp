// The Podman resource backend's pure parts: argv, flags, manifests, pod inspect -> K8s Pod.
#include "exec/podman_kube_cli.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "exec/gc.hpp"

namespace {

using Argv = exec::Argv;

// `podman pod inspect` of a kube-played pod (podman 4.3, trimmed).
const char* const k_inspect = R"({
  "Id": "2450446",
  "Name": "sleeper-x1",
  "Created": "2026-11-27T18:26:17.843813718Z",
  "State": "Running",
  "Labels": {"app": "demo", "flowrun.run": "r-1", "flowrun.pid": "42"},
  "InfraContainerID": "36c589",
  "Containers": [
    {"Id": "36c589", "Name": "2450446-infra", "State": "running"},
    {"Id": "7d9b71", "Name": "sleeper-x1-main", "State": "running"},
    {"Id": "8e0c82", "Name": "sleeper-x1-side", "State": "running"}
  ]
})";

nlohmann::json pod(std::string_view states, std::string_view manifest = "") {
  auto mapped = exec::pod_json(k_inspect, states, manifest);
  REQUIRE(mapped.ok());
  return nlohmann::json::parse(mapped.value());
}

}  // namespace

TEST_CASE("podman kube: argv builders") {
  CHECK(exec::kube_play_argv("podman", "/w/m-1.json", false) ==
        Argv{"podman", "kube", "play", "/w/m-1.json"});
  CHECK(exec::kube_play_argv("podman", "/w/m-1.json", true) ==
        Argv{"podman", "kube", "play", "--replace", "/w/m-1.json"});
  CHECK(exec::kube_down_argv("podman", "/w/m-2.json") ==
        Argv{"podman", "kube", "down", "/w/m-2.json"});
  CHECK(exec::pod_inspect_argv("podman", "p") == Argv{"podman", "pod", "inspect", "p"});
  CHECK(exec::container_states_argv("podman", {"a", "b"}) ==
        Argv{"podman", "container", "inspect", "--format",
             "{{.Name}}\t{{.State.Status}}\t{{.State.ExitCode}}", "a", "b"});
  CHECK(exec::pod_select_argv("podman", {{"app", "x"}, {"tier", ""}}) ==
        Argv{"podman", "pod", "ps", "--filter", "label=flowrun.run", "--filter", "label=app=x",
             "--filter", "label=tier", "--format", "{{.Name}}"});
  CHECK(exec::pod_rm_argv("podman", {"a", "b"}) ==
        Argv{"podman", "pod", "rm", "-f", "-t", "0", "a", "b"});
  CHECK(exec::volume_inspect_argv("podman", "v") == Argv{"podman", "volume", "inspect", "v"});
  CHECK(exec::volume_rm_argv("podman", "v") == Argv{"podman", "volume", "rm", "-f", "v"});
}

TEST_CASE("podman kube: resource flags") {
  auto selector = exec::parse_resource_flags({"pod", "--selector", "app=x,tier==web"});
  REQUIRE(selector.ok());
  CHECK(selector->kind == "Pod");
  CHECK(selector->names.empty());
  CHECK(selector->selector ==
        std::vector<std::pair<std::string, std::string>>{{"app", "x"}, {"tier", "web"}});
  auto short_form = exec::parse_resource_flags({"configmap", "-l", "cleanup=true"});
  REQUIRE(short_form.ok());
  CHECK(short_form->kind == "ConfigMap");
  auto equals = exec::parse_resource_flags({"pods", "--selector=app=y", "--ignore-not-found"});
  REQUIRE(equals.ok());
  CHECK(equals->selector == std::vector<std::pair<std::string, std::string>>{{"app", "y"}});
  auto named = exec::parse_resource_flags({"po", "a", "b"});
  REQUIRE(named.ok());
  CHECK(named->names == std::vector<std::string>{"a", "b"});
  auto slash = exec::parse_resource_flags({"deployment/web"});
  REQUIRE(slash.ok());
  CHECK(slash->kind == "Deployment");
  CHECK(slash->names == std::vector<std::string>{"web"});
  auto unknown = exec::parse_resource_flags({"pod", "--all-namespaces"});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message ==
        "flag --all-namespaces is not supported locally by podman kube play");
  auto missing = exec::parse_resource_flags({"pod", "-l"});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "flag needs an argument: -l");
  CHECK_FALSE(exec::parse_resource_flags({"--selector", "a=b"}).ok());
}

TEST_CASE("podman kube: a manifest gets its name, flowrun's labels and mapped images") {
  auto prepared = exec::prepare_manifest(
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"sleeper-","labels":{"app":"x"}},)"
      R"("spec":{"initContainers":[{"name":"i","image":"busybox"}],"containers":[{"name":"m","image":"alpine:3.23"},{"name":"k","image":"keep"}]}})",
      {"flowrun.run=r-1", "flowrun.node=wf-1"}, "abcde",
      {{"busybox", "localhost/b"}, {"alpine:3.23", "localhost/b"}});
  REQUIRE(prepared.ok());
  CHECK(prepared->kind == "Pod");
  CHECK(prepared->name == "sleeper-abcde");
  CHECK(prepared->labels == std::vector<std::pair<std::string, std::string>>{
                                {"app", "x"}, {"flowrun.node", "wf-1"}, {"flowrun.run", "r-1"}});
  const nlohmann::json json = nlohmann::json::parse(prepared->json);
  CHECK(json["metadata"]["name"] == "sleeper-abcde");
  CHECK_FALSE(json["metadata"].contains("generateName"));
  CHECK(json["spec"]["initContainers"][0]["image"] == "localhost/b");
  CHECK(json["spec"]["containers"][0]["image"] == "localhost/b");
  CHECK(json["spec"]["containers"][1]["image"] == "keep");
}

TEST_CASE("podman kube: a Deployment's pod template gets the labels too") {
  auto prepared = exec::prepare_manifest(
      R"({"kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{}}}})",
      {"flowrun.run=r-1"}, "zzzzz");
  REQUIRE(prepared.ok());
  const nlohmann::json json = nlohmann::json::parse(prepared->json);
  CHECK(json["metadata"]["name"] == "web");
  CHECK(json["spec"]["template"]["metadata"]["labels"]["flowrun.run"] == "r-1");
}

TEST_CASE("podman kube: a manifest without kind or name is refused as Argo does") {
  const std::string message =
      "Kind and name are both required but at least one of them is missing from the manifest";
  auto nameless = exec::prepare_manifest(R"({"kind":"Pod","metadata":{}})", {}, "x");
  REQUIRE_FALSE(nameless.ok());
  CHECK(nameless.error().message == message);
  auto kindless = exec::prepare_manifest(R"({"metadata":{"name":"a"}})", {}, "x");
  REQUIRE_FALSE(kindless.ok());
  CHECK(kindless.error().message == message);
  CHECK_FALSE(exec::prepare_manifest("[1]", {}, "x").ok());
}

TEST_CASE("podman kube: pod inspect maps to a Kubernetes Pod") {
  CHECK(exec::pod_container_ids(k_inspect) == std::vector<std::string>{"7d9b71", "8e0c82"});
  const nlohmann::json running = pod("sleeper-x1-main\trunning\t0\nsleeper-x1-side\texited\t0\n",
                                     R"({"kind":"Pod","spec":{"restartPolicy":"Never"}})");
  CHECK(running["apiVersion"] == "v1");
  CHECK(running["kind"] == "Pod");
  CHECK(running["metadata"]["name"] == "sleeper-x1");
  CHECK(running["metadata"]["uid"] == "2450446");
  CHECK(running["metadata"]["labels"] == nlohmann::json{{"app", "demo"}});
  CHECK(running["spec"]["restartPolicy"] == "Never");
  CHECK(running["status"]["phase"] == "Running");
  CHECK(running["status"]["containerStatuses"][0] ==
        nlohmann::json::parse(R"({"name":"main","ready":true,"state":{"running":{}}})"));
  CHECK(running["status"]["containerStatuses"][1]["state"]["terminated"]["exitCode"] == 0);
}

TEST_CASE("podman kube: the pod phase follows its containers") {
  CHECK(pod("sleeper-x1-main\texited\t0\nsleeper-x1-side\texited\t0\n")["status"]["phase"] ==
        "Succeeded");
  CHECK(pod("sleeper-x1-main\texited\t0\nsleeper-x1-side\texited\t2\n")["status"]["phase"] ==
        "Failed");
  CHECK(pod("sleeper-x1-main\tcreated\t0\n")["status"]["phase"] == "Pending");
  CHECK(pod("")["status"]["phase"] == "Pending");
  CHECK(pod("sleeper-x1-main\texited\t1\nsleeper-x1-side\trunning\t0\n")["status"]["phase"] ==
        "Running");
  // podman 4.4+ prints a list of one pod.
  auto listed = exec::pod_json(std::string("[") + k_inspect + "]", "", "");
  REQUIRE(listed.ok());
  CHECK(nlohmann::json::parse(listed.value())["metadata"]["name"] == "sleeper-x1");
  CHECK_FALSE(exec::pod_json("Error: no such pod", "", "").ok());
}

TEST_CASE("podman kube: selectors over labels") {
  const std::vector<std::pair<std::string, std::string>> labels{{"app", "x"}, {"tier", "web"}};
  CHECK(exec::labels_match(labels, {{"app", "x"}}));
  CHECK(exec::labels_match(labels, {{"app", "x"}, {"tier", ""}}));
  CHECK_FALSE(exec::labels_match(labels, {{"app", "y"}}));
  CHECK_FALSE(exec::labels_match(labels, {{"app", "x"}, {"zone", ""}}));
}

TEST_CASE("podman kube: gc finds and removes the pods kube play left") {
  CHECK(exec::gc_list_argv("podman", exec::ResourceKind::pod) ==
        Argv{"podman", "pod", "ps", "-q", "--filter", "label=flowrun.run"});
  CHECK(exec::gc_inspect_argv("podman", exec::ResourceKind::pod, {"p1"}) ==
        Argv{"podman", "pod", "inspect", "--format",
             "{{.ID}}\t{{.Name}}\t{{index .Labels \"flowrun.run\"}}\t{{index .Labels "
             "\"flowrun.pid\"}}\t{{index .Labels \"flowrun.host\"}}",
             "p1"});
  CHECK(exec::gc_remove_argv(exec::dialect(exec::ContainerEngine::podman), "podman",
                             exec::ResourceKind::pod,
                             "p1") == Argv{"podman", "pod", "rm", "-f", "p1"});
  const auto pods = exec::parse_gc_inspect(exec::ResourceKind::pod, "p1\tsleeper\tr-1\t42\th\n");
  REQUIRE(pods.size() == 1);
  CHECK(pods[0].name == "sleeper");
  CHECK(pods[0].pid == "42");
  CHECK(exec::to_string(exec::ResourceKind::pod) == "pod");
}
