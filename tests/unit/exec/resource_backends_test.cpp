// The Podman and kubectl resource backends with a fake command runner: the commands each
// action runs, in order, and how their answers become objects and errors.
#include <filesystem>
#include <map>

#include <catch2/catch.hpp>

#include "exec/dry_run_resources.hpp"
#include "exec/kubectl_backend.hpp"
#include "exec/podman_kube_backend.hpp"
#include "util/file.hpp"

namespace {

using Argv = exec::Argv;

/// Records every command; answers by the command's first words (`podman pod inspect`).
struct FakeTools {
  std::vector<Argv> ran;
  std::map<std::string, exec::ToolOutput> answers;

  exec::ToolRunner runner() {
    return [this](const Argv& argv) -> util::Result<exec::ToolOutput> {
      ran.push_back(argv);
      std::string key;
      for (std::size_t i = 0; i < argv.size() && i < 3; ++i) {
        key += (i == 0 ? "" : " ") + argv[i];
      }
      const auto it = answers.find(key);
      return it == answers.end() ? exec::ToolOutput{} : it->second;
    };
  }
};

struct TempDir {
  TempDir() {
    path = (std::filesystem::temp_directory_path() / "flowrun-res-XXXXXX").string();
    REQUIRE(::mkdtemp(path.data()) != nullptr);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

exec::PodmanKubeOptions podman_options(FakeTools& tools, const TempDir& dir) {
  exec::PodmanKubeOptions options;
  options.run_id = "r-1";
  options.work_dir = dir.path;
  options.run = tools.runner();
  options.name_suffix = [] { return std::string("abcde"); };
  options.owner_labels = {"flowrun.pid=42", "flowrun.host=h"};
  return options;
}

exec::PodmanKubeBackend podman(FakeTools& tools, const TempDir& dir) {
  return exec::PodmanKubeBackend(podman_options(tools, dir));
}

engine::ResourceAction action(std::string verb, std::string manifest,
                              std::vector<std::string> flags = {}) {
  engine::ResourceAction made;
  made.action = std::move(verb);
  made.manifest = std::move(manifest);
  made.flags = std::move(flags);
  made.workflow_name = "wf";
  made.node_id = "wf-1";
  return made;
}

const char* const k_pod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"s-"},)"
                          R"("spec":{"containers":[{"name":"main","image":"busybox"}]}})";

}  // namespace

TEST_CASE("podman backend: create plays the labelled manifest and reads the pod back") {
  TempDir dir;
  FakeTools tools;
  tools.answers["podman pod inspect"] = {
      0,
      R"({"Id":"p1","Name":"s-abcde","Labels":{},"InfraContainerID":"i","Containers":[{"Id":"c1"}]})",
      ""};
  tools.answers["podman container inspect"] = {0, "s-abcde-main\trunning\t0\n", ""};
  auto backend = podman(tools, dir);
  std::atomic<bool> cancelled{false};
  auto made = backend.execute(action("create", k_pod), cancelled);
  REQUIRE(made.ok());
  CHECK(made->kind == "Pod");
  CHECK(made->name == "s-abcde");
  CHECK(made->json.find(R"("phase":"Running")") != std::string::npos);
  REQUIRE(tools.ran.size() == 3);
  CHECK(tools.ran[0] == Argv{"podman", "kube", "play", dir.path + "/manifest-1.json"});
  CHECK(tools.ran[1] == Argv{"podman", "pod", "inspect", "s-abcde"});
  CHECK(tools.ran[2] == Argv{"podman", "container", "inspect", "--format",
                             "{{.Name}}\t{{.State.Status}}\t{{.State.ExitCode}}", "c1"});
  auto played = util::read_text_file(dir.path + "/manifest-1.json", 1 << 20);
  REQUIRE(played.ok());
  const std::string& text = played.value();
  CHECK(text.find(R"("labels":{"flowrun.host":"h","flowrun.node":"wf-1","flowrun.pid":"42",)"
                  R"("flowrun.run":"r-1","flowrun.workflow":"wf"})") != std::string::npos);
}

TEST_CASE("podman backend: delete by selector removes the selected flowrun pods") {
  TempDir dir;
  FakeTools tools;
  tools.answers["podman pod ps"] = {0, "s-abcde\ns-fghij\n", ""};
  auto backend = podman(tools, dir);
  std::atomic<bool> cancelled{false};
  auto removed = backend.execute(action("delete", "", {"pod", "--selector", "app=x"}), cancelled);
  REQUIRE(removed.ok());
  CHECK(removed->json.empty());
  CHECK(tools.ran ==
        std::vector<Argv>{{"podman", "pod", "ps", "--filter", "label=flowrun.run", "--filter",
                           "label=app=x", "--format", "{{.Name}}"},
                          {"podman", "pod", "rm", "-f", "-t", "0", "s-abcde", "s-fghij"}});
}

TEST_CASE("podman backend: ConfigMaps are kept in memory; owned objects go at the end") {
  TempDir dir;
  FakeTools tools;
  auto backend = podman(tools, dir);
  std::atomic<bool> cancelled{false};
  auto cm = action(
      "create",
      R"({"kind":"ConfigMap","metadata":{"name":"c","labels":{"cleanup":"true"}},"data":{"k":"v"}})");
  cm.owned = true;
  auto made = backend.execute(cm, cancelled);
  REQUIRE(made.ok());
  CHECK(made->json.find(R"("data":{"k":"v"})") != std::string::npos);
  auto again = backend.execute(cm, cancelled);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message ==
        "Error from server (AlreadyExists): configmaps \"c\" already exists");
  CHECK(backend.get(*made).ok());
  CHECK(backend.execute(action("delete", "", {"configmap", "-l", "cleanup=true"}), cancelled).ok());
  auto gone = backend.get(*made);
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().message == "Error from server (NotFound): configmaps \"c\" not found");
  CHECK(backend.delete_owned().empty());
  CHECK(tools.ran.empty());  // podman was never asked
}

TEST_CASE("podman backend: owned pods are removed by delete_owned; errors carry stderr") {
  TempDir dir;
  FakeTools tools;
  auto backend = podman(tools, dir);
  std::atomic<bool> cancelled{false};
  auto owned = action("create", k_pod);
  owned.owned = true;
  tools.answers["podman pod inspect"] = {125, "", "Error: inspecting object: no such pod s-abcde"};
  auto made = backend.execute(owned, cancelled);
  REQUIRE_FALSE(made.ok());
  CHECK(made.error().message == "Error from server (NotFound): pods \"s-abcde\" not found");
  tools.ran.clear();
  CHECK(backend.delete_owned().empty());
  CHECK(tools.ran == std::vector<Argv>{{"podman", "pod", "rm", "-f", "-t", "0", "s-abcde"}});
  tools.answers["podman kube play"] = {125, "", "Error: building local pause image"};
  auto failed = backend.execute(action("create", k_pod), cancelled);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message == "Error: building local pause image");
}

TEST_CASE("podman backend: kinds and actions it cannot do locally") {
  TempDir dir;
  FakeTools tools;
  auto backend = podman(tools, dir);
  CHECK_FALSE(backend.unsupported("create", "v1", "Pod"));
  CHECK_FALSE(backend.unsupported("delete", "v1", "ConfigMap"));
  CHECK(backend.unsupported("create", "batch/v1", "Job") ==
        "kind Job is not supported locally by podman kube play: it runs Pod, Deployment, "
        "PersistentVolumeClaim, ConfigMap and Secret manifests (give --kube-context to use a "
        "cluster)");
  CHECK(backend.unsupported("patch", "v1", "Pod") ==
        "action patch is not supported locally by podman kube play: objects can be created, "
        "applied, replaced, read and deleted (give --kube-context to use a cluster)");
}

TEST_CASE("kubectl backend: the commands Argo's executor runs, with --context") {
  exec::KubectlOptions options;
  options.context = "kind-dev";
  auto create = action("create", "{}", {"--validate=false"});
  CHECK(exec::kubectl_action_argv(options, create, "/w/m.json") ==
        Argv{"kubectl", "--context", "kind-dev", "create", "--validate=false", "-f", "/w/m.json",
             "-o", "json"});
  CHECK(exec::kubectl_action_argv(options, action("delete", "", {"configmap", "--selector", "a=b"}),
                                  "") == Argv{"kubectl", "--context", "kind-dev", "delete",
                                              "--ignore-not-found", "configmap", "--selector",
                                              "a=b", "-o", "name"});
  auto patch = action("patch", R"([{"op":"add"}])", {"pod", "p"});
  patch.merge_strategy = "json";
  CHECK(exec::kubectl_action_argv(options, patch, "/ignored") ==
        Argv{"kubectl", "--context", "kind-dev", "patch", "--type", "json", "-p",
             R"([{"op":"add"}])", "pod", "p", "-o", "json"});
  patch.merge_strategy.clear();
  CHECK(exec::kubectl_action_argv(options, patch, "")[5] == "strategic");
  engine::ResourceObject object;
  object.kind = "Job";
  object.name = "pi";
  object.namespace_name = "argo";
  CHECK(exec::kubectl_get_argv(options, object) ==
        Argv{"kubectl", "--context", "kind-dev", "get", "Job", "pi", "-n", "argo", "-o", "json"});
  CHECK(exec::kubectl_delete_argv(options, object) == Argv{"kubectl", "--context", "kind-dev",
                                                           "delete", "Job", "pi", "-n", "argo",
                                                           "--ignore-not-found"});
}

TEST_CASE("kubectl backend: objects, errors and owned objects") {
  TempDir dir;
  FakeTools tools;
  exec::KubectlOptions options;
  options.context = "c";
  options.work_dir = dir.path;
  options.run = tools.runner();
  exec::KubectlBackend backend(options);
  std::atomic<bool> cancelled{false};
  tools.answers["kubectl --context c"] = {
      0, R"({"kind":"Job","metadata":{"name":"pi-x","namespace":"argo"}})", ""};
  auto owned = action("create", R"({"kind":"Job"})");
  owned.owned = true;
  auto made = backend.execute(owned, cancelled);
  REQUIRE(made.ok());
  CHECK(made->kind == "Job");
  CHECK(made->name == "pi-x");
  CHECK(made->namespace_name == "argo");
  tools.ran.clear();
  CHECK(backend.delete_owned().empty());
  CHECK(tools.ran == std::vector<Argv>{{"kubectl", "--context", "c", "delete", "Job", "pi-x", "-n",
                                        "argo", "--ignore-not-found"}});
  tools.answers["kubectl --context c"] = {1, "", "error: context \"c\" does not exist"};
  auto failed = backend.execute(action("create", "{}"), cancelled);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message == "error: context \"c\" does not exist");
  auto empty = backend.execute(action("get", ""), cancelled);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message == "Must provide at least one of flags or manifest.");
}

TEST_CASE("dry-run resources: nothing runs; the manifest answers; the real kinds apply") {
  TempDir dir;
  FakeTools tools;
  std::vector<std::string> printed;
  exec::DryRunResources dry(std::make_unique<exec::PodmanKubeBackend>(podman_options(tools, dir)),
                            [&](std::string_view line) { printed.emplace_back(line); });
  std::atomic<bool> cancelled{false};
  auto made = dry.execute(action("create", k_pod), cancelled);
  REQUIRE(made.ok());
  CHECK(made->name == "s-dryrn");
  CHECK(dry.simulated());
  CHECK(dry.unsupported("create", "batch/v1", "Job").has_value());
  CHECK(printed.size() == 1);
  CHECK(tools.ran.empty());
}
