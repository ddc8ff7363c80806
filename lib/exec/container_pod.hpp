/// ContainerExecutor's private record of one pod on its way through its stages (init
/// containers one after another, then sidecars and main). Only ContainerExecutor's own .cpp
/// files include this.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/executor.hpp"
#include "exec/container_cli.hpp"
#include "exec/container_executor.hpp"
#include "exec/container_set_schedule.hpp"
#include "exec/line_tail.hpp"
#include "exec/process.hpp"

namespace exec {

struct ContainerExecutor::Pod {
  using SteadyTime = std::chrono::steady_clock::time_point;
  enum class Stage { init, main };

  engine::PodRequest request;
  std::string base;  ///< `<pod name>-<short run id>`: the main container; others add a suffix
  std::string dir;   ///< this pod's temporary files
  Stage stage = Stage::init;
  std::size_t init_index = 0;
  std::string current;  ///< the container `process` is attached to
  std::optional<Process> process;
  /// `process` is a `run` (create and start in one): when it fails before the container
  /// exists, there is nothing to inspect and its stderr says why.
  bool one_call = false;
  std::vector<std::string> sidecars;  ///< started, detached
  std::vector<std::string> volumes;   ///< engine volumes made for this pod only (emptyDir)
  std::vector<std::pair<std::string, MountSource>> sources;  ///< for create_argv
  std::string ip_container;  ///< owns the pod's network namespace (first sidecar, else main)
  engine::TimePoint started_at{};
  bool ready_pending = false;  ///< a daemon not reported ready yet
  std::string ip;              ///< known once the daemon runs
  SteadyTime next_probe{};
  std::optional<Process> stopper;  ///< `stop -t N` launched by stop()
  std::optional<LineTail> out_tail;
  std::optional<LineTail> err_tail;
  /// Main's working directory once container_path() needed it.
  std::optional<std::string> work_dir;

  /// One member of a containerSet pod (container_set_pod.cpp).
  struct Member {
    std::string container;           ///< the engine container: `base` for main, else base-name
    std::optional<Process> process;  ///< its attached `run` while it runs
    bool one_call = true;            ///< `process` is a `run` (see Pod::one_call)
    std::string stream;              ///< `<dir>/<stream>stdout|stderr` of the current run
    bool joined = false;             ///< runs in another member's network namespace
    SteadyTime launched{};           ///< when its current `run` was launched
    std::optional<SteadyTime> restart_at;  ///< failed, runs again then (retryStrategy)
    std::optional<Process> stopper;        ///< `stop` launched by stop()
    std::optional<LineTail> out_tail;
    std::optional<LineTail> err_tail;
  };
  /// containerSet pods: the members in request order, their scheduling and results (empty
  /// and nullopt for other pods).
  std::vector<Member> members;
  std::optional<ContainerSetSchedule> schedule;
  std::vector<engine::ContainerResult> results;
  bool set_stopping = false;  ///< stop() was called: no member starts any more
};

}  // namespace exec
