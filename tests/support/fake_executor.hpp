/// Test doubles for the engine: a clock that only moves when told, and an executor whose
/// pods "run" on that clock with behaviour each test configures (exit code, stdout, output
/// files, delay, failure to start, running until stopped, one behaviour per attempt).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "engine/executor.hpp"

namespace testing {

/// Starts at 2024-01-01T00:00:00Z; sleep_until() jumps.
class FakeClock final : public engine::Clock {
 public:
  FakeClock();
  engine::TimePoint now() override { return m_now; }
  void sleep_until(engine::TimePoint when) override;
  /// Seconds since the start, for compact assertions.
  long long elapsed_seconds() const;
  /// Seconds from the start to `when` (truncated), for start/finish times of nodes.
  long long seconds_at(engine::TimePoint when) const;
  /// The time `seconds` after the start.
  engine::TimePoint at(double seconds) const;

 private:
  engine::TimePoint m_start;
  engine::TimePoint m_now;
};

/// What a fake pod does.
struct FakePod {
  int exit_code = 0;
  std::string stdout_text;
  /// Output files by in-container path; a path not listed is missing.
  std::map<std::string, std::string> files;
  /// Output artifacts by in-container path: copied out as a file with this content (to the
  /// request's host_path, on the real filesystem); a path not listed is missing.
  std::map<std::string, std::string> artifacts;
  std::chrono::seconds duration{1};
  std::optional<std::string> start_error;  ///< set: the pod never starts (node Error)
  bool until_stopped = false;              ///< runs until Executor::stop (exit code 143)
  /// containerSet pods: a member's exit code for each run, in order (the last repeats); a
  /// member not listed exits 0. Each run lasts `duration`; members start as their
  /// dependencies allow and fail ones rerun per the set's retryStrategy (exec's schedule).
  std::map<std::string, std::vector<int>> member_exits;

  // Fluent setters: FakePod().exits(1).prints("x").lasts(5).
  FakePod& exits(int code) {
    exit_code = code;
    return *this;
  }
  FakePod& prints(std::string text) {
    stdout_text = std::move(text);
    return *this;
  }
  FakePod& writes(const std::string& path, std::string content) {
    files[path] = std::move(content);
    return *this;
  }
  FakePod& leaves(const std::string& path, std::string content) {
    artifacts[path] = std::move(content);
    return *this;
  }
  FakePod& lasts(long long seconds) {
    duration = std::chrono::seconds(seconds);
    return *this;
  }
  FakePod& cannot_start(std::string message) {
    start_error = std::move(message);
    return *this;
  }
  FakePod& member(const std::string& name, std::vector<int> exit_codes) {
    member_exits[name] = std::move(exit_codes);
    return *this;
  }
  FakePod& forever() {
    until_stopped = true;
    return *this;
  }
};

/// Decides a pod's behaviour from its request.
using FakeRule = std::function<FakePod(const engine::PodRequest&)>;

class FakeExecutor final : public engine::Executor {
 public:
  explicit FakeExecutor(FakeClock& clock) : m_clock(clock) {}

  /// Pods of template `template_name` behave like `pod` (unless a node rule matches).
  void on_template(const std::string& template_name, FakePod pod);
  /// The pod of node `node_name` behaves like `pod`; wins over template rules.
  void on_node(const std::string& node_name, FakePod pod);
  /// The n-th pod of template `template_name` behaves like `pods[n]` (the last one for every
  /// later pod): one behaviour per retry attempt. Wins over on_template.
  void sequence(const std::string& template_name, std::vector<FakePod> pods);
  /// A rule for everything else (default: exit 0 after 1 s, no output).
  void otherwise(FakeRule rule) { m_default = std::move(rule); }

  /// Node names of the pods started, in start order.
  std::vector<std::string> started_nodes() const;
  /// Every request, in start order.
  const std::vector<engine::PodRequest>& requests() const { return m_requests; }
  /// The request for node `node_name`, or nullptr.
  const engine::PodRequest* request_for(const std::string& node_name) const;
  /// Most pods that were running at the same time.
  std::size_t peak_concurrency() const { return m_peak; }
  /// Node names of the pods stop() was called for, in order.
  const std::vector<std::string>& stopped_nodes() const { return m_stopped; }

  void start(const engine::PodRequest& request) override;
  std::optional<engine::PodEvent> wait_next(std::optional<engine::TimePoint> deadline) override;
  void stop(std::string_view node_id) override;
  void cancel_all() override;
  /// Pods whose `exited` event is still to come (pending `ready` events are not pods).
  std::size_t outstanding() const override;

 private:
  struct Running {
    engine::PodEvent event;
    engine::TimePoint finish;
    std::size_t sequence = 0;
  };
  FakePod behaviour_for(const engine::PodRequest& request);

  FakeClock& m_clock;
  std::map<std::string, FakePod> m_by_template;
  std::map<std::string, FakePod> m_by_node;
  std::map<std::string, std::vector<FakePod>> m_sequences;
  std::map<std::string, std::size_t> m_sequence_used;  ///< pods started per sequence
  std::vector<std::string> m_stopped;
  FakeRule m_default;
  std::vector<engine::PodRequest> m_requests;
  std::vector<Running> m_running;
  std::size_t m_sequence = 0;
  std::size_t m_peak = 0;
};

}  // namespace testing
