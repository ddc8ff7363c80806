// Golden argv tests for the docker and podman command lines (no engine needed).
#include "exec/container_cli.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

namespace {

using exec::Argv;
using exec::ContainerEngine;

engine::PodRequest sample_pod() {
  engine::PodRequest request;
  request.workflow_name = "hello-abcde";
  request.node_id = "hello-abcde-1234";
  request.node_name = "hello-abcde.step";
  request.pod_name = "hello-abcde-main-1234";
  request.template_name = "main";
  request.main.image = "localhost/flowrun-busybox:latest";
  return request;
}

exec::CreateOptions sample_options(const std::string& binary) {
  exec::CreateOptions options;
  options.binary = binary;
  options.name = "hello-abcde-main-1234-0f3a9c2e";
  options.run_id = "0f3a9c2e-1111-2222-3333-444455556666";
  return options;
}

/// The part of every create argv before the env: name and labels.
Argv create_prefix(const std::string& binary) {
  return {binary,    "create",
          "--name",  "hello-abcde-main-1234-0f3a9c2e",
          "--label", "flowrun.run=0f3a9c2e-1111-2222-3333-444455556666",
          "--label", "flowrun.workflow=hello-abcde",
          "--label", "flowrun.node=hello-abcde-1234"};
}

/// The ARGO_* variables every container gets, after its own env.
Argv argo_env() {
  return {"-e", "ARGO_WORKFLOW_NAME=hello-abcde",      "-e", "ARGO_NODE_ID=hello-abcde-1234",
          "-e", "ARGO_POD_NAME=hello-abcde-main-1234", "-e", "ARGO_CONTAINER_NAME=main"};
}

Argv concat(std::initializer_list<Argv> parts) {
  Argv all;
  for (const Argv& part : parts) {
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

}  // namespace

TEST_CASE("container names join the pod name and the short run id", "[exec][container_cli]") {
  CHECK(exec::short_run_id("0F3A9C2E-1111-2222") == "0f3a9c2e");
  CHECK(exec::short_run_id("ab-cd") == "abcd");
  auto request = sample_pod();
  CHECK(exec::container_name(request, "0f3a9c2e-1111") == "hello-abcde-main-1234-0f3a9c2e");
  request.pod_name.clear();
  CHECK(exec::container_name(request, "0f3a9c2e-1111") == "hello-abcde-1234-0f3a9c2e");
}

TEST_CASE("dialects differ only where the engines do", "[exec][container_cli]") {
  const auto& docker = exec::dialect(ContainerEngine::docker);
  const auto& podman = exec::dialect(ContainerEngine::podman);
  CHECK(docker.name == "docker");
  CHECK(podman.name == "podman");
  CHECK(docker.version_format == "{{.Server.Version}}");
  CHECK(podman.version_format == "{{.Client.Version}}");
  CHECK_FALSE(docker.entrypoint_json_brackets);
  CHECK(podman.entrypoint_json_brackets);
  CHECK(exec::version_argv(docker, "/usr/bin/docker") ==
        Argv{"/usr/bin/docker", "version", "--format", "{{.Server.Version}}"});
  CHECK(exec::version_argv(podman, "podman") ==
        Argv{"podman", "version", "--format", "{{.Client.Version}}"});
}

TEST_CASE("create: command replaces the entrypoint, args follow", "[exec][container_cli]") {
  for (auto engine : {ContainerEngine::docker, ContainerEngine::podman}) {
    const auto& dialect = exec::dialect(engine);
    const std::string binary(dialect.name);
    auto request = sample_pod();
    request.main.command = {"sh", "-c"};
    request.main.args = {"echo hi", "x"};
    request.main.env = {{"A", "1"}, {"B", "two words"}};
    request.main.working_dir = "/work";
    CAPTURE(binary);
    CHECK(exec::create_argv(dialect, sample_options(binary), request) ==
          concat({create_prefix(binary),
                  {"-e", "A=1", "-e", "B=two words"},
                  argo_env(),
                  {"-w", "/work", "--entrypoint", "sh", "localhost/flowrun-busybox:latest", "-c",
                   "echo hi", "x"}}));
  }
}

TEST_CASE("create: no command keeps the image entrypoint; args become CMD",
          "[exec][container_cli]") {
  for (auto engine : {ContainerEngine::docker, ContainerEngine::podman}) {
    const auto& dialect = exec::dialect(engine);
    const std::string binary(dialect.name);
    auto request = sample_pod();
    CAPTURE(binary);
    SECTION("no args: the image's own command") {
      CHECK(exec::create_argv(dialect, sample_options(binary), request) ==
            concat({create_prefix(binary), argo_env(), {"localhost/flowrun-busybox:latest"}}));
    }
    SECTION("args only") {
      request.main.args = {"echo", "hello"};
      CHECK(exec::create_argv(dialect, sample_options(binary), request) ==
            concat({create_prefix(binary),
                    argo_env(),
                    {"localhost/flowrun-busybox:latest", "echo", "hello"}}));
    }
  }
}

TEST_CASE("create: command without args passes command[1..] only", "[exec][container_cli]") {
  const auto& dialect = exec::dialect(ContainerEngine::docker);
  auto request = sample_pod();
  request.main.command = {"python3", "-u", engine::k_script_path.data()};
  auto options = sample_options("docker");
  options.pull = "never";
  CHECK(exec::create_argv(dialect, options, request) ==
        concat({create_prefix("docker"),
                {"--pull", "never"},
                argo_env(),
                {"--entrypoint", "python3", "localhost/flowrun-busybox:latest", "-u",
                 "/argo/staging/script"}}));
}

TEST_CASE("create: a command starting with '[' is JSON-encoded for podman only",
          "[exec][container_cli]") {
  auto request = sample_pod();
  request.main.command = {"[weird\"name"};
  auto docker =
      exec::create_argv(exec::dialect(ContainerEngine::docker), sample_options("docker"), request);
  auto podman =
      exec::create_argv(exec::dialect(ContainerEngine::podman), sample_options("podman"), request);
  REQUIRE(docker.size() == podman.size());
  CHECK(docker[docker.size() - 2] == "[weird\"name");
  CHECK(podman[podman.size() - 2] == "[\"[weird\\\"name\"]");
  CHECK(podman[podman.size() - 3] == "--entrypoint");
}

TEST_CASE("create: later env entries replace earlier ones; ARGO_* come last",
          "[exec][container_cli]") {
  auto request = sample_pod();
  request.main.env = {{"A", "1"}, {"ARGO_NODE_ID", "mine"}, {"A", "2"}};
  auto env = exec::container_env(request, request.main);
  REQUIRE(env.size() == 5);
  CHECK(env[0] == std::pair<std::string, std::string>{"A", "2"});
  CHECK(env[1] == std::pair<std::string, std::string>{"ARGO_NODE_ID", "hello-abcde-1234"});
  CHECK(env[4] == std::pair<std::string, std::string>{"ARGO_CONTAINER_NAME", "main"});
}

TEST_CASE("the other engine commands", "[exec][container_cli]") {
  for (std::string binary : {"docker", "/usr/bin/podman"}) {
    CAPTURE(binary);
    CHECK(exec::cp_to_container_argv(binary, "/tmp/x/argo", "c1", "/") ==
          Argv{binary, "cp", "/tmp/x/argo", "c1:/"});
    CHECK(exec::start_attached_argv(binary, "c1") == Argv{binary, "start", "-a", "c1"});
    CHECK(exec::stop_argv(binary, "c1", 2) == Argv{binary, "stop", "-t", "2", "c1"});
    CHECK(exec::ps_run_argv(binary, "r-1") ==
          Argv{binary, "ps", "-aq", "--filter", "label=flowrun.run=r-1"});
    CHECK(exec::inspect_exit_argv(binary, "c1") == Argv{binary, "container", "inspect", "--format",
                                                        "{{.State.ExitCode}} {{.State.OOMKilled}}",
                                                        "c1"});
    CHECK(exec::inspect_ip_argv(binary, "c1") ==
          Argv{binary, "container", "inspect", "--format",
               "{{.State.Running}}{{range .NetworkSettings.Networks}} {{.IPAddress}}{{end}}",
               "c1"});
  }
}

TEST_CASE("cp out of a container follows a symlink source on both engines",
          "[exec][container_cli]") {
  // podman follows it by itself; docker needs -L (else a link into the container is copied).
  CHECK(exec::cp_from_container_argv(exec::dialect(ContainerEngine::docker), "docker", "c1",
                                     "/tmp/out.txt", "/tmp/x/output-0") ==
        Argv{"docker", "cp", "-L", "c1:/tmp/out.txt", "/tmp/x/output-0"});
  CHECK(exec::cp_from_container_argv(exec::dialect(ContainerEngine::podman), "/usr/bin/podman",
                                     "c1", "/argo/out dir", "/runs/a/art.flowrun-cp/x") ==
        Argv{"/usr/bin/podman", "cp", "c1:/argo/out dir", "/runs/a/art.flowrun-cp/x"});
}

TEST_CASE("inspect of the working directory relative output paths are resolved against",
          "[exec][container_cli]") {
  for (std::string binary : {"docker", "/usr/bin/podman"}) {
    CAPTURE(binary);
    CHECK(exec::inspect_workdir_argv(binary, "c1") ==
          Argv{binary, "container", "inspect", "--format", "{{.Config.WorkingDir}}", "c1"});
  }
}

TEST_CASE("rm kills at once on both engines", "[exec][container_cli]") {
  CHECK(exec::rm_argv(exec::dialect(ContainerEngine::docker), "docker", {"c1", "c2"}) ==
        Argv{"docker", "rm", "-f", "c1", "c2"});
  CHECK(exec::rm_argv(exec::dialect(ContainerEngine::podman), "podman", {"c1", "c2"}) ==
        Argv{"podman", "rm", "-f", "-t", "0", "c1", "c2"});
}

TEST_CASE("inspect output parsing", "[exec][container_cli]") {
  auto exited = exec::parse_inspect_exit("3 false\n");
  REQUIRE(exited);
  CHECK(exited->exit_code == 3);
  CHECK_FALSE(exited->oom_killed);
  auto oom = exec::parse_inspect_exit("137 true");
  REQUIRE(oom);
  CHECK(oom->exit_code == 137);
  CHECK(oom->oom_killed);
  CHECK_FALSE(exec::parse_inspect_exit(""));
  CHECK_FALSE(exec::parse_inspect_exit("x false"));
  CHECK_FALSE(exec::parse_inspect_exit("0 maybe"));

  CHECK(exec::parse_inspect_ip("true 172.17.0.2\n") == "172.17.0.2");
  CHECK(exec::parse_inspect_ip("true  10.88.0.5") == "10.88.0.5");
  CHECK(exec::parse_inspect_ip("true\n").empty());
  CHECK(exec::parse_inspect_ip("false 172.17.0.2").empty());
}

TEST_CASE("create: mounts, network, limits, security and labels", "[exec][container_cli]") {
  for (auto engine : {ContainerEngine::docker, ContainerEngine::podman}) {
    const auto& dialect = exec::dialect(engine);
    const std::string binary(dialect.name);
    CAPTURE(binary);
    auto request = sample_pod();
    engine::ContainerSpec& main = request.main;
    main.pull = "missing";
    main.mounts = {{"scratch", "/scratch", "", false},
                   {"host", "/data", "sub/dir", false},
                   {"creds", "/creds", "", false},
                   {"unknown", "/nowhere", "", false}};
    main.cpu_limit = "0.5";
    main.memory_limit = "67108864";
    main.user = "1000:100";
    main.privileged = true;
    main.read_only_root = true;
    auto options = sample_options(binary);
    options.labels = {"flowrun.pid=42", "flowrun.host=box"};
    options.network = "container:side";
    options.volumes = {{"scratch", {false, "pod-scratch", false}},
                       {"host", {true, "/srv", false}},
                       {"creds", {true, "/secrets/db", true}}};
    CHECK(
        exec::create_argv(dialect, options, request) ==
        concat({create_prefix(binary),
                {"--label", "flowrun.pid=42", "--label", "flowrun.host=box", "--pull", "missing",
                 "--network", "container:side"},
                argo_env(),
                {"-v", "pod-scratch:/scratch", "-v", "/srv/sub/dir:/data", "-v",
                 "/secrets/db:/creds:ro", "--cpus", "0.5", "--memory", "67108864", "--user",
                 "1000:100", "--privileged", "--read-only", "localhost/flowrun-busybox:latest"}}));
    SECTION("a forced pull policy wins over imagePullPolicy") {
      options.pull = "never";
      auto argv = exec::create_argv(dialect, options, request);
      auto at = std::find(argv.begin(), argv.end(), "--pull");
      REQUIRE(at != argv.end());
      CHECK(*(at + 1) == "never");
    }
  }
}

TEST_CASE("run: input artifacts are bind mounts of a staged file or directory",
          "[exec][container_cli][artifacts]") {
  // The engine stages each input artifact on this machine and mounts it (VolumeKind::
  // host_path) at the artifact's path, whose parents the image need not have: docker and
  // podman make them for a plain -v of a file or a directory (checked against both engines).
  // Writable, as Argo's input artifacts are.
  for (auto engine : {ContainerEngine::docker, ContainerEngine::podman}) {
    const auto& dialect = exec::dialect(engine);
    const std::string binary(dialect.name);
    CAPTURE(binary);
    auto request = sample_pod();
    request.main.mounts = {{"artifact-0", "/argo/inputs/artifacts/x/data.txt", "", false},
                           {"artifact-1", "/argo/inputs/artifacts/y", "", false}};
    auto options = sample_options(binary);
    options.volumes = {{"artifact-0", {true, "/runs/r1/pod/in/x/data.txt", false}},
                       {"artifact-1", {true, "/runs/r1/pod/in/y", false}}};
    Argv expected = concat(
        {create_prefix(binary),
         argo_env(),
         {"-v", "/runs/r1/pod/in/x/data.txt:/argo/inputs/artifacts/x/data.txt", "-v",
          "/runs/r1/pod/in/y:/argo/inputs/artifacts/y", "localhost/flowrun-busybox:latest"}});
    expected[1] = "run";
    CHECK(exec::run_argv(dialect, options, request, request.main, false) == expected);
  }
}

TEST_CASE("create: a sidecar gets its own name in ARGO_CONTAINER_NAME", "[exec][container_cli]") {
  auto request = sample_pod();
  engine::ContainerSpec sidecar;
  sidecar.name = "web";
  sidecar.image = "nginx";
  auto argv = exec::create_argv(exec::dialect(ContainerEngine::docker), sample_options("docker"),
                                request, sidecar);
  CHECK(std::find(argv.begin(), argv.end(), "ARGO_CONTAINER_NAME=web") != argv.end());
  CHECK(argv.back() == "nginx");
}

TEST_CASE("volume, network, exec and detached start commands", "[exec][container_cli]") {
  for (std::string binary : {"docker", "podman"}) {
    CAPTURE(binary);
    CHECK(exec::start_detached_argv(binary, "c1") == Argv{binary, "start", "c1"});
    CHECK(exec::exec_argv(binary, "c1", {"pg_isready", "-q"}) ==
          Argv{binary, "exec", "c1", "pg_isready", "-q"});
    CHECK(exec::volume_create_argv(binary, "v1", {"a=1", "b=2"}) ==
          Argv{binary, "volume", "create", "--label", "a=1", "--label", "b=2", "v1"});
    CHECK(exec::volume_mountpoint_argv(binary, "v1") ==
          Argv{binary, "volume", "inspect", "--format", "{{.Mountpoint}}", "v1"});
    CHECK(exec::volume_rm_argv(binary, {"v1", "v2"}) ==
          Argv{binary, "volume", "rm", "-f", "v1", "v2"});
    CHECK(exec::volume_ls_run_argv(binary, "r-1") ==
          Argv{binary, "volume", "ls", "-q", "--filter", "label=flowrun.run=r-1"});
    CHECK(exec::network_create_argv(binary, "n1", {"a=1"}) ==
          Argv{binary, "network", "create", "--label", "a=1", "n1"});
    CHECK(exec::network_rm_argv(binary, {"n1"}) == Argv{binary, "network", "rm", "n1"});
    CHECK(exec::network_ls_run_argv(binary, "r-1") ==
          Argv{binary, "network", "ls", "-q", "--filter", "label=flowrun.run=r-1"});
  }
}

TEST_CASE("run: create's argv with `run`, and -d when detached", "[exec][container_cli]") {
  const auto& dialect = exec::dialect(ContainerEngine::podman);
  auto request = sample_pod();
  request.main.args = {"echo", "hi"};
  Argv created = exec::create_argv(dialect, sample_options("podman"), request);
  Argv attached = exec::run_argv(dialect, sample_options("podman"), request, request.main, false);
  Argv detached = exec::run_argv(dialect, sample_options("podman"), request, request.main, true);
  REQUIRE(attached.size() == created.size());
  CHECK(attached[1] == "run");
  CHECK(Argv(attached.begin() + 2, attached.end()) == Argv(created.begin() + 2, created.end()));
  CHECK(Argv(detached.begin(), detached.begin() + 3) == Argv{"podman", "run", "-d"});
  CHECK(Argv(detached.begin() + 3, detached.end()) == Argv(created.begin() + 2, created.end()));
}
