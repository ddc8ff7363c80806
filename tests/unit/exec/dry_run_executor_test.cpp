// exec/dry_run_executor: what the dry run says it would run, and the stub events it reports.
#include "exec/dry_run_executor.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

namespace {

using engine::PodEvent;
using engine::PodRequest;

PodRequest pod(const std::string& id) {
  PodRequest request;
  request.workflow_name = "wf";
  request.node_id = id;
  request.node_name = "wf." + id;
  request.pod_name = "wf-" + id + "-123";
  request.template_name = "t";
  request.main.image = "alpine:3.19";
  request.main.command = {"sh", "-c"};
  request.main.args = {"echo hi"};
  return request;
}

/// Collects the dry run's lines.
struct Lines {
  std::vector<std::string> lines;
  exec::DryRunExecutor::LineSink sink() {
    return [this](std::string_view line) { lines.emplace_back(line); };
  }
};

}  // namespace

TEST_CASE("dry run: one line per pod, in the documented format", "[exec][dry_run]") {
  PodRequest request = pod("a");
  CHECK(exec::describe_pod(request) ==
        R"(would run wf-a-123 (wf.a): image alpine:3.19, command ["sh", "-c"], args ["echo hi"])");

  request.main.command.clear();
  request.main.args = {"say \"x\"\\", "two\nlines\t\x01"};
  request.main.env = {{"A", "1"}, {"B_VAR", "secret"}};
  request.daemon = true;
  CHECK(exec::describe_pod(request) ==
        R"(would run wf-a-123 (wf.a): image alpine:3.19, command [], args ["say \"x\"\\", )"
        R"("two\nlines\t\x01"], env [A, B_VAR], daemon)");
}

TEST_CASE("dry run: output artifacts are listed and reported copied, without any file",
          "[exec][dry_run][artifacts]") {
  PodRequest request = pod("a");
  request.volumes = {{"artifact-in", engine::VolumeKind::host_path, "/runs/r/in", false}};
  request.output_artifacts = {{"/tmp/out dir", "/runs/r/a/0"}, {"rel.txt", "/runs/r/a/1"}};
  CHECK(exec::describe_pod(request) ==
        R"(would run wf-a-123 (wf.a): image alpine:3.19, command ["sh", "-c"], args ["echo hi"], )"
        R"(volume artifact-in, output artifacts ["/tmp/out dir", "rel.txt"])");
  PodRequest set = request;
  set.container_set = {{set.main, {}}};
  CHECK(exec::describe_pod(set) ==
        R"(would run wf-a-123 (wf.a): containerSet main (image alpine:3.19, command ["sh", "-c"], )"
        R"(args ["echo hi"]), volume artifact-in, output artifacts ["/tmp/out dir", "rel.txt"])");

  PodRequest daemon = pod("d");
  daemon.daemon = true;
  daemon.output_artifacts = request.output_artifacts;
  exec::DryRunExecutor executor(nullptr, {});
  executor.start(request);
  executor.start(daemon);
  auto event = executor.wait_next(std::nullopt);
  REQUIRE(event);
  CHECK(event->artifacts == std::vector<bool>{true, true});
  executor.stop("d");
  for (auto next = executor.wait_next(std::nullopt); next;
       next = executor.wait_next(std::nullopt)) {
    if (next->kind == PodEvent::Kind::exited) {
      CHECK(next->node_id == "d");
      CHECK(next->artifacts.empty());  // a stopped daemon reports none
    }
  }
}

TEST_CASE("dry run: scripts show their first line and the interpreter", "[exec][dry_run]") {
  PodRequest request = pod("s");
  request.main.image = "python:alpine3.6";
  request.main.command = {"python"};
  request.main.args = {std::string(engine::k_script_path)};

  request.main.script_source = "\n  import random\nprint(random.randint(1, 100))\n";
  CHECK(exec::describe_pod(request) ==
        R"(would run wf-s-123 (wf.s): image python:alpine3.6, command ["python"], )"
        R"(args ["/argo/staging/script"], script "  import random…")");

  // A one-line script is shown whole, without the ellipsis.
  request.main.script_source = "echo one\n";
  CHECK_THAT(exec::describe_pod(request), Catch::EndsWith(R"(, script "echo one")"));

  // A long line is cut at 60 bytes, never inside a UTF-8 character.
  request.main.script_source = std::string(59, 'x') + "é and more";
  CHECK_THAT(exec::describe_pod(request),
             Catch::EndsWith(fmt::format(R"(, script "{}…")", std::string(59, 'x'))));
}

TEST_CASE("dry run: every pod exits 0 in start order, with the stubs", "[exec][dry_run]") {
  Lines lines;
  exec::DryRunExecutor executor(lines.sink(), exec::DryRunOptions{"out\n", "file"});
  PodRequest a = pod("a");
  a.output_files = {"/tmp/x", "rel/y"};
  executor.start(a);
  executor.start(pod("b"));
  CHECK(executor.outstanding() == 2);
  REQUIRE(lines.lines.size() == 2);
  CHECK(lines.lines[1] == exec::describe_pod(pod("b")));

  auto first = executor.wait_next(std::nullopt);
  REQUIRE(first);
  CHECK(first->kind == PodEvent::Kind::exited);
  CHECK(first->node_id == "a");
  CHECK(first->started);
  CHECK(first->exit_code == 0);
  CHECK(first->stdout_text == "out\n");
  REQUIRE(first->files.size() == 2);
  CHECK(first->files[0].first == "/tmp/x");
  CHECK(first->files[0].second == std::optional<std::string>("file"));
  CHECK(first->files[1].first == "rel/y");
  CHECK(first->files[1].second == std::optional<std::string>("file"));
  CHECK_FALSE(first->started_at);
  CHECK_FALSE(first->finished_at);
  CHECK(executor.outstanding() == 1);

  auto second = executor.wait_next(std::nullopt);
  REQUIRE(second);
  CHECK(second->node_id == "b");
  CHECK(second->files.empty());
  CHECK(executor.outstanding() == 0);
  CHECK_FALSE(executor.wait_next(std::nullopt));
}

TEST_CASE("dry run: default stubs are empty and no sink is fine", "[exec][dry_run]") {
  exec::DryRunExecutor executor(nullptr);
  PodRequest request = pod("a");
  request.output_files = {"/tmp/x"};
  executor.start(request);
  auto event = executor.wait_next(std::nullopt);
  REQUIRE(event);
  CHECK(event->stdout_text.empty());
  REQUIRE(event->files.size() == 1);
  CHECK(event->files[0].second == std::optional<std::string>(""));
}

TEST_CASE("dry run: a daemon is ready, then exits 0 only when stopped", "[exec][dry_run]") {
  exec::DryRunExecutor executor(nullptr, exec::DryRunOptions{"stub", ""});
  PodRequest daemon = pod("d");
  daemon.daemon = true;
  executor.start(daemon);
  executor.start(pod("a"));

  auto ready = executor.wait_next(std::nullopt);
  REQUIRE(ready);
  CHECK(ready->kind == PodEvent::Kind::ready);
  CHECK(ready->node_id == "d");
  CHECK(executor.outstanding() == 2);  // `ready` does not end a pod

  auto a = executor.wait_next(std::nullopt);
  REQUIRE(a);
  CHECK(a->node_id == "a");
  CHECK(executor.outstanding() == 1);
  // Nothing more until the daemon is stopped; waiting does not hang, even without a deadline.
  CHECK_FALSE(executor.wait_next(std::nullopt));
  CHECK(executor.outstanding() == 1);

  executor.stop("a");  // already exited: nothing happens
  executor.stop("unknown");
  CHECK_FALSE(executor.wait_next(std::nullopt));

  executor.stop("d");
  executor.stop("d");  // twice: still one `exited`
  auto exited = executor.wait_next(std::nullopt);
  REQUIRE(exited);
  CHECK(exited->kind == PodEvent::Kind::exited);
  CHECK(exited->node_id == "d");
  CHECK(exited->exit_code == 0);
  CHECK(exited->stdout_text == "stub");
  CHECK(executor.outstanding() == 0);
  CHECK_FALSE(executor.wait_next(std::nullopt));
}

TEST_CASE("dry run: cancel_all drops everything, twice is fine", "[exec][dry_run]") {
  exec::DryRunExecutor executor(nullptr);
  PodRequest daemon = pod("d");
  daemon.daemon = true;
  executor.start(daemon);
  executor.start(pod("a"));
  executor.cancel_all();
  CHECK(executor.outstanding() == 0);
  CHECK_FALSE(executor.wait_next(std::nullopt));
  executor.stop("d");  // the daemon is gone: no late event
  CHECK_FALSE(executor.wait_next(std::nullopt));
  executor.cancel_all();
  CHECK(executor.outstanding() == 0);
}

TEST_CASE("dry run: 10,000 pods go through quickly", "[exec][dry_run]") {
  std::size_t line_count = 0;
  exec::DryRunExecutor executor([&](std::string_view) { ++line_count; });
  PodRequest request = pod("p");
  request.output_files = {"/tmp/out"};
  constexpr int k_pods = 10000;
  auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < k_pods; ++i) {
    request.node_id = fmt::format("p{}", i);
    executor.start(request);
  }
  int seen = 0;
  int out_of_order = 0;
  while (auto event = executor.wait_next(std::nullopt)) {
    out_of_order += event->node_id == fmt::format("p{}", seen) ? 0 : 1;  // FIFO
    ++seen;
  }
  auto elapsed = std::chrono::steady_clock::now() - begin;
  CHECK(seen == k_pods);
  CHECK(out_of_order == 0);
  CHECK(line_count == static_cast<std::size_t>(k_pods));
  CHECK(executor.outstanding() == 0);
  // Generous: well under a second normally, even with sanitizers on a loaded machine.
  CHECK(elapsed < std::chrono::seconds(5));
}
