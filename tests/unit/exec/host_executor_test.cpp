// exec/host_executor: pods as host processes: exit codes, stdout, scripts, output files,
// environment, failures to start, stop/cancel and concurrency. Assertions are about
// behaviour; time bounds are generous (sanitizers, a loaded machine).
#include "exec/host_executor.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "exec_test_support.hpp"
#include <signal.h>

namespace {

using engine::PodEvent;
using exec_test::far_deadline;
using exec_test::ScratchDir;
using exec_test::shell_pod;
namespace fs = std::filesystem;

/// The next event, waiting at most a minute (a hang is a failure, not a stuck test run).
PodEvent next_event(exec::HostExecutor& executor) {
  auto event = executor.wait_next(far_deadline());
  REQUIRE(event);
  return std::move(*event);
}

exec::HostOptions options_in(const ScratchDir& dir) {
  exec::HostOptions options;
  options.root = dir / "root";
  return options;
}

}  // namespace

TEST_CASE("host: exit code, complete stdout, stderr to the log", "[exec][host]") {
  ScratchDir dir;
  std::vector<std::string> logged;
  exec::HostOptions options = options_in(dir);
  options.log = [&](std::string_view pod, std::string_view line) {
    logged.push_back(fmt::format("{}: {}", pod, line));
  };
  exec::HostExecutor executor(options);
  executor.start(shell_pod("a", "echo hi; echo err >&2; printf 'no newline'; exit 3"));
  CHECK(executor.outstanding() == 1);

  PodEvent event = next_event(executor);
  CHECK(event.kind == PodEvent::Kind::exited);
  CHECK(event.node_id == "wf-a");
  CHECK(event.started);
  CHECK(event.exit_code == 3);
  CHECK(event.stdout_text == "hi\nno newline");
  CHECK(event.message.empty());
  REQUIRE(event.started_at);
  REQUIRE(event.finished_at);
  CHECK(*event.started_at <= *event.finished_at);
  CHECK(executor.outstanding() == 0);
  CHECK_FALSE(executor.wait_next(far_deadline()));  // nothing outstanding: no waiting

  std::sort(logged.begin(), logged.end());
  CHECK(logged == std::vector<std::string>{"wf-a-42: err", "wf-a-42: hi", "wf-a-42: no newline"});
  // The work directory is <root>/<pod name>, and the process ran in it.
  CHECK(fs::is_directory(dir / "root/wf-a-42"));
}

TEST_CASE("host: a script is written to the work dir and replaces the staging path",
          "[exec][host]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  engine::PodRequest request = shell_pod("s", "");
  request.main.command = {"sh"};
  request.main.args = {std::string(engine::k_script_path), "arg1"};
  request.main.script_source = "echo \"script $0 got $1\"\necho second line\n";
  executor.start(request);

  PodEvent event = next_event(executor);
  CHECK(event.exit_code == 0);
  std::string script_path = dir / "root/wf-s-42/script";
  CHECK(event.stdout_text == fmt::format("script {} got arg1\nsecond line\n", script_path));
  CHECK(exec_test::slurp(script_path) == request.main.script_source);
}

TEST_CASE("host: output files, relative to the work dir or absolute on the host", "[exec][host]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  std::string absolute = dir / "abs.txt";
  engine::PodRequest request = shell_pod(
      "o",
      fmt::format("mkdir -p out && printf rel > out/rel.txt && printf 'abs\\n' > '{}'", absolute));
  request.output_files = {"out/rel.txt", absolute, "missing.txt", dir / "missing-too", "out"};
  executor.start(request);

  PodEvent event = next_event(executor);
  CHECK(event.exit_code == 0);
  REQUIRE(event.files.size() == 5);
  CHECK(event.files[0].first == "out/rel.txt");
  CHECK(event.files[0].second == std::optional<std::string>("rel"));
  CHECK(event.files[1].first == absolute);
  CHECK(event.files[1].second == std::optional<std::string>("abs\n"));
  CHECK(event.files[2].second == std::nullopt);
  CHECK(event.files[3].second == std::nullopt);
  CHECK(event.files[4].second == std::nullopt);  // a directory is not a file
}

TEST_CASE("host: output artifacts are copied to their host paths, even from a failed pod",
          "[exec][host][artifacts]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  fs::create_directories(dir / "store");
  const std::string absolute = dir / "abs.txt";
  engine::PodRequest request = shell_pod(
      "art", fmt::format("mkdir -p out/sub && printf a > out/a && printf b > out/sub/b && "
                         "printf abs > '{}'; exit 2",
                         absolute));
  request.output_artifacts = {{"out", dir / "store/tree"},
                              {absolute, dir / "store/abs"},
                              {"missing", dir / "store/missing"}};
  executor.start(request);

  PodEvent event = next_event(executor);
  CHECK(event.exit_code == 2);
  CHECK(event.artifacts == std::vector<bool>{true, true, false});
  CHECK(exec_test::slurp(dir / "store/tree/a") == "a");  // a directory AT host_path
  CHECK(exec_test::slurp(dir / "store/tree/sub/b") == "b");
  CHECK(exec_test::slurp(dir / "store/abs") == "abs");
  CHECK_FALSE(fs::exists(dir / "store/missing"));
}

TEST_CASE("host: a daemon reports no artifacts", "[exec][host][artifacts]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  engine::PodRequest daemon = shell_pod("d", "printf x > out.txt; exec sleep 30");
  daemon.daemon = true;
  daemon.output_artifacts = {{"out.txt", dir / "out"}};
  executor.start(daemon);
  CHECK(next_event(executor).kind == PodEvent::Kind::ready);
  executor.stop("wf-d");
  PodEvent exited = next_event(executor);
  CHECK(exited.kind == PodEvent::Kind::exited);
  CHECK(exited.artifacts.empty());
  CHECK_FALSE(fs::exists(dir / "out"));
}

TEST_CASE("host: a relative workingDir is made in the work dir", "[exec][host]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  engine::PodRequest request = shell_pod("w", "pwd; printf x > here.txt");
  request.main.working_dir = "sub/dir";
  request.output_files = {"here.txt"};
  executor.start(request);

  PodEvent event = next_event(executor);
  CHECK(event.stdout_text == (dir / "root/wf-w-42/sub/dir") + "\n");
  REQUIRE(event.files.size() == 1);
  CHECK(event.files[0].second == std::optional<std::string>("x"));
}

TEST_CASE("host: the environment has the host's, the spec's and Argo's variables", "[exec][host]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  engine::PodRequest request =
      shell_pod("e",
                "echo \"$MY_VAR|$ARGO_WORKFLOW_NAME|$ARGO_NODE_ID|$ARGO_POD_NAME|"
                "$ARGO_CONTAINER_NAME|${PATH:+has-path}|${EMPTY+empty-set}\"");
  request.main.env = {{"MY_VAR", "a b;c"}, {"ARGO_NODE_ID", "user value loses"}, {"EMPTY", ""}};
  executor.start(request);

  PodEvent event = next_event(executor);
  CHECK(event.stdout_text == "a b;c|wf|wf-e|wf-e-42|main|has-path|empty-set\n");
}

TEST_CASE("host: argv is never a shell string; args alone name the program", "[exec][host]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  engine::PodRequest request = shell_pod("v", "");
  request.main.command.clear();
  request.main.args = {"printf", "%s|", "two words", "$HOME", "*", ""};
  executor.start(request);

  PodEvent event = next_event(executor);
  CHECK(event.exit_code == 0);
  CHECK(event.stdout_text == "two words|$HOME|*||");
}

TEST_CASE("host: pods that cannot start say why", "[exec][host]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));

  engine::PodRequest missing = shell_pod("m", "");
  missing.main.command = {"flowrun-no-such-program-xyz", "arg"};
  executor.start(missing);
  engine::PodRequest missing_path = shell_pod("p", "");
  missing_path.main.command = {dir / "nope"};
  executor.start(missing_path);
  engine::PodRequest no_command = shell_pod("n", "");
  no_command.main.command.clear();
  executor.start(no_command);
  CHECK(executor.outstanding() == 3);

  PodEvent first = next_event(executor);
  CHECK(first.node_id == "wf-m");
  CHECK_FALSE(first.started);
  CHECK(first.message ==
        R"(exec: "flowrun-no-such-program-xyz": executable file not found in $PATH)");

  PodEvent second = next_event(executor);
  CHECK(second.node_id == "wf-p");
  CHECK_FALSE(second.started);
  CHECK(second.message ==
        fmt::format(R"(exec: "{0}": stat {0}: no such file or directory)", dir / "nope"));

  PodEvent third = next_event(executor);
  CHECK(third.node_id == "wf-n");
  CHECK_FALSE(third.started);
  CHECK(third.message ==
        "image alpine:3.19 has no command known to flowrun: the host runtime needs command or "
        "args");
  CHECK(executor.outstanding() == 0);
}

TEST_CASE("host: wait_next gives up at the deadline while a pod runs", "[exec][host]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  executor.start(shell_pod("slow", "sleep 30"));
  auto soon = std::chrono::system_clock::now() + std::chrono::milliseconds(50);
  CHECK_FALSE(executor.wait_next(soon));
  auto past = std::chrono::system_clock::now() - std::chrono::seconds(1);
  CHECK_FALSE(executor.wait_next(past));
  CHECK(executor.outstanding() == 1);
  executor.cancel_all();
}

TEST_CASE("host: cancel_all kills running pods at once and removes the work dirs", "[exec][host]") {
  std::string root;
  {
    exec::HostExecutor executor;  // default root: a fresh $TMPDIR/flowrun-host-XXXXXX
    CHECK(executor.root().empty());
    executor.start(shell_pod("a", "sleep 30"));
    executor.start(shell_pod("b", "sleep 30 & sleep 30; wait"));
    root = executor.root();
    REQUIRE_FALSE(root.empty());
    CHECK(fs::path(root).filename().string().rfind("flowrun-host-", 0) == 0);
    CHECK(fs::is_directory(root + "/wf-a-42"));

    auto begin = std::chrono::steady_clock::now();
    executor.cancel_all();
    CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(10));
    CHECK(executor.outstanding() == 0);
    CHECK_FALSE(executor.wait_next(far_deadline()));
    CHECK_FALSE(fs::exists(root));
    CHECK(executor.root().empty());
    executor.cancel_all();  // twice is fine
  }
  CHECK_FALSE(fs::exists(root));
}

TEST_CASE("host: the destructor cleans up; keep_workdirs keeps them", "[exec][host]") {
  ScratchDir dir;
  {
    exec::HostExecutor executor(options_in(dir));
    executor.start(shell_pod("a", "echo x"));
    CHECK(next_event(executor).exit_code == 0);
    CHECK(fs::is_directory(dir / "root/wf-a-42"));
  }
  // A root given in the options stays; the work dirs made in it go.
  CHECK(fs::is_directory(dir / "root"));
  CHECK_FALSE(fs::exists(dir / "root/wf-a-42"));

  exec::HostOptions options = options_in(dir);
  options.keep_workdirs = true;
  {
    exec::HostExecutor executor(options);
    executor.start(shell_pod("k", "echo kept"));
    CHECK(next_event(executor).exit_code == 0);
  }
  CHECK(exec_test::slurp(dir / "root/wf-k-42/.flowrun-stdout") == "kept\n");
}

TEST_CASE("host: a daemon is ready at once and exits when stopped", "[exec][host]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  engine::PodRequest daemon = shell_pod("d", "echo up; exec sleep 30");
  daemon.daemon = true;
  executor.start(daemon);

  PodEvent ready = next_event(executor);
  CHECK(ready.kind == PodEvent::Kind::ready);
  CHECK(ready.node_id == "wf-d");
  CHECK(executor.outstanding() == 1);
  CHECK_FALSE(executor.wait_next(std::chrono::system_clock::now() + std::chrono::milliseconds(50)));

  executor.stop("wf-d");
  PodEvent exited = next_event(executor);
  CHECK(exited.kind == PodEvent::Kind::exited);
  CHECK(exited.node_id == "wf-d");
  CHECK(exited.started);
  CHECK(exited.exit_code == 128 + SIGTERM);
  CHECK(exited.stdout_text == "up\n");
  CHECK(executor.outstanding() == 0);
}

TEST_CASE("host: stop() escalates to SIGKILL after the grace period", "[exec][host]") {
  ScratchDir dir;
  exec::HostOptions options = options_in(dir);
  options.grace_period = std::chrono::milliseconds(100);
  exec::HostExecutor executor(options);
  // The shell and its sleep ignore SIGTERM: only SIGKILL ends them.
  executor.start(shell_pod("t", "trap '' TERM; sleep 30; echo survived"));
  CHECK_FALSE(executor.wait_next(std::chrono::system_clock::now() + std::chrono::milliseconds(50)));

  auto begin = std::chrono::steady_clock::now();
  executor.stop("wf-t");
  PodEvent exited = next_event(executor);
  CHECK(exited.exit_code == 128 + SIGKILL);
  CHECK(exited.stdout_text.empty());
  CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(20));
}

TEST_CASE("host: pods run concurrently and all complete", "[exec][host]") {
  ScratchDir dir;
  exec::HostExecutor executor(options_in(dir));
  // `wait-for` only finishes if `signal` runs while it waits: proof they run at once.
  std::string flag = dir / "flag";
  executor.start(shell_pod(
      "wait-for", fmt::format("i=0; while [ ! -f '{}' ]; do i=$((i+1)); [ $i -gt 2000 ] && exit 1;"
                              " sleep 0.01; done; echo saw flag",
                              flag)));
  executor.start(shell_pod("signal", fmt::format("sleep 0.1; touch '{}'; echo set", flag)));
  for (int i = 0; i < 4; ++i) {
    executor.start(shell_pod(fmt::format("n{}", i), fmt::format("echo {}", i)));
  }
  CHECK(executor.outstanding() == 6);

  std::map<std::string, PodEvent> events;
  while (auto event = executor.wait_next(far_deadline())) {
    events.emplace(event->node_id, std::move(*event));
  }
  CHECK(executor.outstanding() == 0);
  REQUIRE(events.size() == 6);
  CHECK(events["wf-wait-for"].exit_code == 0);
  CHECK(events["wf-wait-for"].stdout_text == "saw flag\n");
  CHECK(events["wf-signal"].stdout_text == "set\n");
  for (int i = 0; i < 4; ++i) {
    CHECK(events[fmt::format("wf-n{}", i)].stdout_text == fmt::format("{}\n", i));
  }
}
