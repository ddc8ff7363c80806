// containerSet pods in lib/exec: the member schedule (dependencies, retries, blocking), the
// dry run's description and stub results, and --runtime host's refusal. The container
// executor's runs are covered by tests/e2e/container_set_test.sh (real engines).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "exec/container_set_schedule.hpp"
#include "exec/dry_run_executor.hpp"
#include "exec/host_executor.hpp"

#include "exec_test_support.hpp"

namespace {

using Indexes = std::vector<std::size_t>;
using State = exec::ContainerSetSchedule::State;

engine::ContainerSetMember member(const std::string& name, std::vector<std::string> after) {
  engine::ContainerSetMember out;
  out.spec.name = name;
  out.spec.image = "busybox";
  out.dependencies = std::move(after);
  return out;
}

/// a -> (b, c) -> d, with `retries` for the set.
engine::PodRequest diamond(int retries = 0) {
  engine::PodRequest request = exec_test::shell_pod("set", "");
  request.container_set = {member("a", {}), member("b", {"a"}), member("c", {"a"}),
                           member("d", {"b", "c"})};
  request.container_set_retry.retries = retries;
  return request;
}

}  // namespace

TEST_CASE("container set schedule: dependencies first, independent members together",
          "[exec][container_set]") {
  exec::ContainerSetSchedule schedule(diamond());
  CHECK(schedule.take_ready() == Indexes{0});
  CHECK(schedule.take_ready().empty());  // each member is handed out once
  CHECK_FALSE(schedule.finished());
  CHECK_FALSE(schedule.exited(0, 0));
  CHECK(schedule.take_ready() == Indexes{1, 2});
  CHECK_FALSE(schedule.exited(2, 0));
  CHECK(schedule.take_ready().empty());  // d still waits for b
  CHECK_FALSE(schedule.exited(1, 0));
  CHECK(schedule.take_ready() == Indexes{3});
  CHECK_FALSE(schedule.exited(3, 0));
  CHECK(schedule.take_ready().empty());
  CHECK(schedule.finished());
  CHECK(schedule.state(3) == State::succeeded);
  CHECK(schedule.runs(3) == 1);
}

TEST_CASE("container set schedule: a failed member blocks its dependents, transitively",
          "[exec][container_set]") {
  exec::ContainerSetSchedule schedule(diamond());
  CHECK(schedule.take_ready() == Indexes{0});
  CHECK_FALSE(schedule.exited(0, 2));
  CHECK(schedule.state(0) == State::failed);
  CHECK(schedule.take_ready().empty());
  CHECK(schedule.state(1) == State::blocked);
  CHECK(schedule.state(2) == State::blocked);
  CHECK(schedule.state(3) == State::blocked);
  CHECK(schedule.finished());
}

TEST_CASE("container set schedule: retries re-run a failed member, then it fails",
          "[exec][container_set]") {
  engine::PodRequest request = diamond(2);
  request.container_set_retry.duration = std::chrono::milliseconds(1500);
  exec::ContainerSetSchedule schedule(request);
  CHECK(schedule.retry_delay() == std::chrono::milliseconds(1500));
  CHECK(schedule.take_ready() == Indexes{0});
  CHECK(schedule.exited(0, 1));  // run 1 of 3
  CHECK(schedule.state(0) == State::retry_wait);
  CHECK_FALSE(schedule.finished());
  schedule.restarted(0);
  CHECK(schedule.exited(0, 1));  // run 2 of 3
  schedule.restarted(0);
  CHECK(schedule.runs(0) == 3);
  CHECK_FALSE(schedule.exited(0, 1));  // no retries left
  CHECK(schedule.state(0) == State::failed);
  CHECK(schedule.finished());
}

TEST_CASE("container set schedule: a member that succeeds on a retry lets dependents start",
          "[exec][container_set]") {
  exec::ContainerSetSchedule schedule(diamond(1));
  CHECK(schedule.take_ready() == Indexes{0});
  CHECK(schedule.exited(0, 1));
  schedule.restarted(0);
  CHECK_FALSE(schedule.exited(0, 0));
  CHECK(schedule.take_ready() == Indexes{1, 2});
}

TEST_CASE("container set schedule: start failures and abandon end the set",
          "[exec][container_set]") {
  exec::ContainerSetSchedule schedule(diamond(3));
  CHECK(schedule.take_ready() == Indexes{0});
  CHECK_FALSE(schedule.exited(0, 0));
  CHECK(schedule.take_ready() == Indexes{1, 2});
  schedule.start_failed(1);  // no retries for a container that could not be made
  CHECK(schedule.state(1) == State::failed);
  CHECK(schedule.state(3) == State::blocked);
  CHECK_FALSE(schedule.finished());  // c runs
  CHECK(schedule.exited(2, 1));      // c to be retried...
  schedule.abandon();                // ...but the pod is stopped
  CHECK(schedule.state(2) == State::blocked);
  CHECK(schedule.finished());
}

TEST_CASE("dry run: a containerSet pod lists its members; each exits 0",
          "[exec][dry_run][container_set]") {
  engine::PodRequest request = diamond(2);
  request.container_set[0].spec.command = {"sh", "-c"};
  request.container_set[0].spec.args = {"echo a"};
  request.volumes = {engine::VolumeSpec{"work", engine::VolumeKind::empty_dir, "", false}};
  CHECK(exec::describe_pod(request) ==
        R"(would run wf-set-42 (wf.set): containerSet a (image busybox, command ["sh", "-c"], )"
        R"(args ["echo a"]) b (image busybox, command [], args [], after ["a"]) )"
        R"(c (image busybox, command [], args [], after ["a"]) )"
        R"(d (image busybox, command [], args [], after ["b", "c"]), retries 2, volume work)");
  exec::DryRunExecutor executor(nullptr, {});
  executor.start(request);
  std::optional<engine::PodEvent> event = executor.wait_next(std::nullopt);
  REQUIRE(event);
  REQUIRE(event->containers.size() == 4);
  CHECK(event->containers[3].name == "d");
  CHECK(event->containers[3].started);
  CHECK(event->containers[3].exit_code == 0);
}

TEST_CASE("host: a containerSet pod is refused with the way out", "[exec][host][container_set]") {
  exec_test::ScratchDir dir;
  exec::HostOptions options;
  options.root = dir / "root";
  exec::HostExecutor executor(options);
  executor.start(diamond());
  std::optional<engine::PodEvent> event = executor.wait_next(exec_test::far_deadline());
  REQUIRE(event);
  CHECK_FALSE(event->started);
  CHECK(event->message ==
        "--runtime host cannot run containerSet templates (several containers in one pod); use "
        "--runtime docker or podman");
  CHECK(executor.outstanding() == 0);
}
