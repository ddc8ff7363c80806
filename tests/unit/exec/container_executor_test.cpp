// exec/container_executor with a fake engine: a shell script given as the engine binary,
// which logs every call and plays the containers (their files are directories here). Covers
// what happens once main has exited: output artifacts copied out (file, directory, relative,
// missing, podman's spread-out volume copy) before the containers go, and pods that report
// none. Real engines: tests/e2e (the lead's artifact test) and the session report.
#include "exec/container_executor.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "exec_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using exec_test::far_deadline;
using exec_test::ScratchDir;
using exec_test::slurp;

/// The fake engine. `run --name N ...` "creates" N (a file in $state) and exits with the
/// number after an `EXIT=` argument (0 without one), or 125 without creating anything when
/// an argument is NO_SUCH_IMAGE; `container inspect` answers for created containers only
/// (exit code, working directory /work, not running); `ps` lists the created containers
/// (whatever the filter); `cp C:P DEST` copies $ctr/P to DEST
/// as docker does, except that a path ending in /mnt/vol is spread into DEST's parent as
/// podman 4 does for a volume's mount point. Everything else succeeds silently.
constexpr std::string_view k_fake_engine = R"sh(#!/bin/sh
state='@STATE@'; ctr='@CTR@'
printf '%s\n' "$*" >> "$state/log"
case "$1" in
run)
  name=; code=0; prev=
  for arg in "$@"; do
    [ "$prev" = --name ] && name=$arg
    case "$arg" in EXIT=*) code=${arg#EXIT=} ;; NO_SUCH_IMAGE) echo "no such image" >&2; exit 125 ;; esac
    prev=$arg
  done
  echo "$code" > "$state/ctr-$name"
  echo "hello from $name"
  exit "$code" ;;
container)
  for last in "$@"; do :; done
  [ -f "$state/ctr-$last" ] || { echo "no such container: $last" >&2; exit 1; }
  case "$4" in
  *ExitCode*) echo "$(cat "$state/ctr-$last") false" ;;
  *WorkingDir*) echo /work ;;
  *) echo false ;;
  esac ;;
ps)
  for made in "$state"/ctr-*; do [ -e "$made" ] && echo "${made##*/ctr-}"; done ;;
cp)
  shift; [ "$1" = -L ] && shift
  src=${1#*:}; dest=$2
  case "$src" in /*) ;; *) echo "relative path $src" >&2; exit 1 ;; esac
  [ -e "$ctr$src" ] || { echo "Could not find the file $src" >&2; exit 1; }
  case "$src" in
  */mnt/vol) cp -R "$ctr$src/." "$(dirname "$dest")" ;;
  *) cp -R "$ctr$src" "$dest" ;;
  esac ;;
esac
exit 0
)sh";

/// A scratch directory with the fake engine in it, its state and the containers' files.
struct FakeEngine {
  ScratchDir dir;
  std::string binary = dir / "engine";

  FakeEngine() {
    fs::create_directories(dir / "state");
    fs::create_directories(dir / "store");
    std::string script(k_fake_engine);
    for (const auto& [tag, value] : {std::pair{std::string("@STATE@"), dir / "state"},
                                     std::pair{std::string("@CTR@"), dir / "ctr"}}) {
      script.replace(script.find(tag), tag.size(), value);
    }
    std::ofstream(binary, std::ios::binary) << script;
    fs::permissions(binary, fs::perms::owner_all);
  }
  /// A file in main's container (every container sees the same files here).
  void put(const std::string& path, const std::string& text) const {
    const fs::path file = dir / ("ctr" + path);
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }
  /// The engine calls so far, one line each.
  std::vector<std::string> calls() const {
    std::vector<std::string> lines;
    std::ifstream in(dir / "state/log");
    for (std::string line; std::getline(in, line);) {
      lines.push_back(line);
    }
    return lines;
  }
  exec::ContainerOptions options(exec::ContainerEngine engine) const {
    exec::ContainerOptions options;
    options.engine = engine;
    options.binary = binary;
    options.run_id = "0f3a9c2e-1111-2222-3333-444455556666";
    options.pull = "never";
    return options;
  }
  engine::OutputArtifactRequest artifact(const std::string& path, const std::string& name) const {
    return {path, dir / ("store/" + name)};
  }
};

engine::PodRequest pod(const std::string& args) {
  engine::PodRequest request = exec_test::shell_pod("art", "");
  request.main.command = {"sh"};
  request.main.args = {args};
  return request;
}

/// Indexes of the calls that start with `prefix` (e.g. "cp ").
std::vector<std::size_t> calls_starting(const std::vector<std::string>& calls,
                                        std::string_view prefix) {
  std::vector<std::size_t> found;
  for (std::size_t index = 0; index < calls.size(); ++index) {
    if (calls[index].rfind(prefix, 0) == 0) {
      found.push_back(index);
    }
  }
  return found;
}

/// A pod whose main exits with `exit_code`, with one output artifact, /tmp/out.txt (which
/// the container has) to `<store>/file`.
engine::PodRequest out_txt_pod(const FakeEngine& fake, int exit_code) {
  fake.put("/tmp/out.txt", "file\n");
  engine::PodRequest request = pod(fmt::format("EXIT={}", exit_code));
  request.output_artifacts = {fake.artifact("/tmp/out.txt", "file")};
  return request;
}

engine::PodEvent run_one(exec::ContainerExecutor& executor, const engine::PodRequest& request) {
  executor.start(request);
  auto event = executor.wait_next(far_deadline());
  REQUIRE(event);
  REQUIRE(event->kind == engine::PodEvent::Kind::exited);
  executor.cancel_all();  // waits for the background `rm`, so the log is complete
  return std::move(*event);
}

}  // namespace

TEST_CASE("container: output artifacts are copied out after main exits, even when it failed",
          "[exec][container][artifacts]") {
  for (auto engine : {exec::ContainerEngine::docker, exec::ContainerEngine::podman}) {
    const bool docker = engine == exec::ContainerEngine::docker;
    CAPTURE(docker);
    FakeEngine fake;
    fake.put("/tmp/out.txt", "file\n");
    fake.put("/work/reports/a.txt", "a");
    fake.put("/work/reports/sub/b.txt", "b");
    fake.put("/mnt/vol/v.txt", "v");
    exec::ContainerExecutor executor(fake.options(engine));
    engine::PodRequest request = pod("EXIT=3");
    request.output_artifacts = {
        fake.artifact("/tmp/out.txt", "file"), fake.artifact("reports", "dir"),
        fake.artifact("/no/such/path", "missing"), fake.artifact("/mnt/vol", "vol")};
    engine::PodEvent event = run_one(executor, request);

    CHECK(event.started);
    CHECK(event.exit_code == 3);
    CHECK(event.artifacts == std::vector<bool>{true, true, false, true});
    CHECK(slurp(fake.dir / "store/file") == "file\n");
    CHECK(slurp(fake.dir / "store/dir/a.txt") == "a");  // a directory AT host_path
    CHECK(slurp(fake.dir / "store/dir/sub/b.txt") == "b");
    CHECK_FALSE(fs::exists(fake.dir / "store/missing"));
    CHECK(slurp(fake.dir / "store/vol/v.txt") == "v");
    for (const auto& entry : fs::directory_iterator(fake.dir / "store")) {
      CHECK(entry.path().extension() != ".flowrun-cp");  // no stage is left behind
    }

    // Straight from main's container into each stage, the relative path below the working
    // directory the engine reported; all of it before the container is removed (podman
    // removes finished containers in batches, the last one when the run ends).
    executor.cancel_all();
    const std::vector<std::string> calls = fake.calls();
    const std::string base = "wf-art-42-0f3a9c2e";
    const std::string follow = docker ? "-L " : "";
    std::vector<std::string> copies;
    for (std::size_t index : calls_starting(calls, "cp ")) {
      copies.push_back(calls[index]);
    }
    CHECK(copies == std::vector<std::string>{
                        fmt::format("cp {}{}:/tmp/out.txt {}.flowrun-cp/.flowrun-artifact", follow,
                                    base, fake.dir / "store/file"),
                        fmt::format("cp {}{}:/work/reports {}.flowrun-cp/.flowrun-artifact", follow,
                                    base, fake.dir / "store/dir"),
                        fmt::format("cp {}{}:/no/such/path {}.flowrun-cp/.flowrun-artifact", follow,
                                    base, fake.dir / "store/missing"),
                        fmt::format("cp {}{}:/mnt/vol {}.flowrun-cp/.flowrun-artifact", follow,
                                    base, fake.dir / "store/vol")});
    CHECK(calls_starting(calls, "container inspect --format {{.Config.WorkingDir}}").size() == 1);
    const std::vector<std::size_t> removals = calls_starting(calls, "rm -f");
    REQUIRE_FALSE(removals.empty());
    CHECK(removals.front() > calls_starting(calls, "cp ").back());
  }
}

TEST_CASE("container: a workingDir in the request needs no inspect; output files use it too",
          "[exec][container][artifacts]") {
  FakeEngine fake;
  fake.put("/app/result.txt", "42\n");
  exec::ContainerExecutor executor(fake.options(exec::ContainerEngine::docker));
  engine::PodRequest request = pod("EXIT=0");
  request.main.working_dir = "/app";
  request.output_files = {"result.txt"};
  request.output_artifacts = {fake.artifact("result.txt", "result")};
  engine::PodEvent event = run_one(executor, request);
  REQUIRE(event.files.size() == 1);
  CHECK(event.files[0].second == "42\n");
  CHECK(event.artifacts == std::vector<bool>{true});
  CHECK(slurp(fake.dir / "store/result") == "42\n");
  CHECK(calls_starting(fake.calls(), "container inspect --format {{.Config.WorkingDir}}").empty());
}

TEST_CASE("container: daemons and pods that never ran report no artifacts",
          "[exec][container][artifacts]") {
  FakeEngine fake;
  exec::ContainerExecutor executor(fake.options(exec::ContainerEngine::podman));
  engine::PodRequest request = out_txt_pod(fake, 0);
  SECTION("a daemon (here one that ended by itself)") {
    request.daemon = true;
    engine::PodEvent event = run_one(executor, request);
    CHECK(event.started);
    CHECK(event.artifacts.empty());
  }
  SECTION("main's container could not be made") {
    request.main.args = {"NO_SUCH_IMAGE"};
    engine::PodEvent event = run_one(executor, request);
    CHECK_FALSE(event.started);
    CHECK(event.artifacts.empty());
  }
  SECTION("an init container failed, so main never ran") {
    engine::ContainerSpec init = request.main;
    init.name = "prepare";
    init.args = {"EXIT=1"};
    request.init_containers = {init};
    engine::PodEvent event = run_one(executor, request);
    CHECK(event.container == "prepare");
    CHECK(event.exit_code == 1);
    CHECK(event.artifacts.empty());
  }
  CHECK(calls_starting(fake.calls(), "cp ").empty());
  CHECK_FALSE(fs::exists(fake.dir / "store/file"));
}

TEST_CASE("container: a containerSet copies its artifacts from the member named main",
          "[exec][container][container_set][artifacts]") {
  FakeEngine fake;
  exec::ContainerExecutor executor(fake.options(exec::ContainerEngine::docker));
  engine::PodRequest request = out_txt_pod(fake, 0);
  engine::ContainerSetMember prepare{request.main, {}};
  prepare.spec.name = "prepare";
  prepare.spec.args = {"EXIT=0"};
  engine::ContainerSetMember main{request.main, {"prepare"}};
  main.spec.args = {"EXIT=2"};
  request.main = main.spec;
  request.container_set = {prepare, main};
  SECTION("main ran (and failed): copied from its container") {
    engine::PodEvent event = run_one(executor, request);
    CHECK(event.exit_code == 2);
    CHECK(event.artifacts == std::vector<bool>{true});
    CHECK(slurp(fake.dir / "store/file") == "file\n");
    const std::vector<std::string> calls = fake.calls();
    REQUIRE(calls_starting(calls, "cp ").size() == 1);
    CHECK(calls[calls_starting(calls, "cp ").front()].rfind("cp -L wf-art-42-0f3a9c2e:", 0) == 0);
  }
  SECTION("main never started: none") {
    request.container_set[0].spec.args = {"EXIT=1"};
    engine::PodEvent event = run_one(executor, request);
    CHECK(event.artifacts.empty());
    CHECK(calls_starting(fake.calls(), "cp ").empty());
  }
}
