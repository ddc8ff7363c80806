// exec/host_launch: argv, environment, directories and output paths of host pods.
#include "exec/host_launch.hpp"

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "exec_test_support.hpp"
#include <stdlib.h>

namespace {

using Argv = std::vector<std::string>;

engine::ContainerSpec container(Argv command, Argv args) {
  engine::ContainerSpec spec;
  spec.image = "busybox";
  spec.command = std::move(command);
  spec.args = std::move(args);
  return spec;
}

}  // namespace

TEST_CASE("host_argv: command then args; args alone; neither is an error", "[exec][host]") {
  auto both = exec::host_argv(container({"sh", "-c"}, {"echo $HOME"}), "/w/script");
  REQUIRE(both);
  CHECK(*both == Argv{"sh", "-c", "echo $HOME"});

  auto args_only = exec::host_argv(container({}, {"echo", "hi"}), "/w/script");
  REQUIRE(args_only);
  CHECK(*args_only == Argv{"echo", "hi"});

  auto neither = exec::host_argv(container({}, {}), "/w/script");
  REQUIRE_FALSE(neither);
  CHECK(neither.error().code == util::ErrorCode::invalid_input);
  CHECK(neither.error().message ==
        "image busybox has no command known to flowrun: the host runtime needs command or args");
}

TEST_CASE("host_argv: scripts get their staging path replaced", "[exec][host]") {
  std::string staging(engine::k_script_path);
  auto spec = container({"python"}, {staging, "x"});
  // Without a script source the staging path is just an argument.
  CHECK(*exec::host_argv(spec, "/w/script") == Argv{"python", staging, "x"});
  spec.script_source = "print(1)";
  CHECK(*exec::host_argv(spec, "/w/script") == Argv{"python", "/w/script", "x"});
}

TEST_CASE("host_environment: host, then the spec, then Argo's variables", "[exec][host]") {
  engine::PodRequest request;
  request.workflow_name = "wf";
  request.node_id = "wf-123";
  request.pod_name = "wf-step-123";
  request.main.env = {{"HOME", "/spec-home"}, {"NEW", "n"}, {"ARGO_POD_NAME", "mine"}};
  exec::EnvList host = {{"HOME", "/home/me"}, {"PATH", "/bin"}};
  CHECK(exec::host_environment(host, request) == exec::EnvList{{"HOME", "/spec-home"},
                                                               {"PATH", "/bin"},
                                                               {"NEW", "n"},
                                                               {"ARGO_POD_NAME", "wf-step-123"},
                                                               {"ARGO_WORKFLOW_NAME", "wf"},
                                                               {"ARGO_NODE_ID", "wf-123"},
                                                               {"ARGO_CONTAINER_NAME", "main"}});
}

TEST_CASE("current_environment: reads flowrun's environment", "[exec][host]") {
  ::setenv("FLOWRUN_EXEC_TEST_VAR", "a=b", 1);
  auto env = exec::current_environment();
  ::unsetenv("FLOWRUN_EXEC_TEST_VAR");
  CHECK(std::count(env.begin(), env.end(),
                   std::pair<std::string, std::string>{"FLOWRUN_EXEC_TEST_VAR", "a=b"}) == 1);
}

TEST_CASE("work_dir_name: one safe path component", "[exec][host]") {
  engine::PodRequest request;
  request.node_id = "wf-1";
  request.pod_name = "wf-hello-1";
  CHECK(exec::work_dir_name(request) == "wf-hello-1");
  request.pod_name = "a/../b";
  CHECK(exec::work_dir_name(request) == "a_.._b");
  request.pod_name = "..";
  CHECK(exec::work_dir_name(request) == "pod..");
  request.pod_name.clear();
  CHECK(exec::work_dir_name(request) == "wf-1");
}

TEST_CASE("host_cwd and host_output_path", "[exec][host]") {
  engine::ContainerSpec spec;
  CHECK(exec::host_cwd("/w/pod", spec) == "/w/pod");
  spec.working_dir = "/src";  // the image's directory: ignored
  CHECK(exec::host_cwd("/w/pod", spec) == "/w/pod");
  spec.working_dir = "a/./b";
  CHECK(exec::host_cwd("/w/pod", spec) == "/w/pod/a/b");

  CHECK(exec::host_output_path("/tmp/x", "/w/pod") == "/tmp/x");
  CHECK(exec::host_output_path("out/x", "/w/pod") == "/w/pod/out/x");
}

TEST_CASE("read_whole_file: content, or nullopt for missing files and directories",
          "[exec][host]") {
  exec_test::ScratchDir dir;
  std::ofstream(dir / "f", std::ios::binary) << std::string("a\0b\n", 4);
  CHECK(exec::read_whole_file(dir / "f") == std::optional<std::string>(std::string("a\0b\n", 4)));
  std::ofstream(dir / "empty", std::ios::binary).flush();
  CHECK(exec::read_whole_file(dir / "empty") == std::optional<std::string>(""));
  CHECK(exec::read_whole_file(dir / "missing") == std::nullopt);
  CHECK(exec::read_whole_file(dir.path()) == std::nullopt);
}
