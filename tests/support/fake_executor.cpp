#include "support/fake_executor.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "exec/container_set_schedule.hpp"

namespace testing {
namespace {

/// A file "copied out of a container": `content` at `path`, parents made.
bool write_host_file(const std::filesystem::path& path, const std::string& content) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  std::ofstream out(path, std::ios::binary);
  out << content;
  return static_cast<bool>(out);
}

/// Runs a containerSet pod's members on virtual time from `start` (see FakePod::member_exits);
/// fills `event.containers` and main's exit code. Returns when the last member ends.
engine::TimePoint simulate_container_set(const engine::PodRequest& request, const FakePod& pod,
                                         engine::TimePoint start, engine::PodEvent& event) {
  exec::ContainerSetSchedule schedule(request);
  event.containers.resize(request.container_set.size());
  std::vector<std::pair<engine::TimePoint, std::size_t>> running;  // run end, member
  auto launch = [&](std::size_t index, engine::TimePoint at) {
    engine::ContainerResult& result = event.containers[index];
    result.started = true;
    result.started_at = result.started_at.value_or(at);
    running.emplace_back(at + pod.duration, index);
  };
  for (std::size_t index = 0; index < request.container_set.size(); ++index) {
    event.containers[index].name = request.container_set[index].spec.name;
  }
  for (std::size_t index : schedule.take_ready()) {
    launch(index, start);
  }
  engine::TimePoint end = start;
  while (!running.empty()) {
    const auto next = std::min_element(running.begin(), running.end());
    const auto [at, index] = *next;
    running.erase(next);
    end = std::max(end, at);
    const auto scripted = pod.member_exits.find(request.container_set[index].spec.name);
    int code = 0;
    if (scripted != pod.member_exits.end() && !scripted->second.empty()) {
      const auto run = static_cast<std::size_t>(schedule.runs(index) - 1);
      code = scripted->second[std::min(run, scripted->second.size() - 1)];
    }
    event.containers[index].exit_code = code;
    event.containers[index].finished_at = at;
    if (request.container_set[index].spec.name == "main") {
      event.exit_code = code;
    }
    if (schedule.exited(index, code)) {
      schedule.restarted(index);
      running.emplace_back(at + schedule.retry_delay() + pod.duration, index);
      continue;
    }
    for (std::size_t ready : schedule.take_ready()) {
      launch(ready, at);
    }
  }
  return end;
}

}  // namespace

FakeClock::FakeClock()
    : m_start(std::chrono::system_clock::from_time_t(1704067200)),  // 2024-01-01T00:00:00Z
      m_now(m_start) {}

void FakeClock::sleep_until(engine::TimePoint when) {
  if (when > m_now) {
    m_now = when;
  }
}

long long FakeClock::elapsed_seconds() const {
  return seconds_at(m_now);
}

long long FakeClock::seconds_at(engine::TimePoint when) const {
  return std::chrono::duration_cast<std::chrono::seconds>(when - m_start).count();
}

engine::TimePoint FakeClock::at(double seconds) const {
  return m_start + std::chrono::duration_cast<engine::TimePoint::duration>(
                       std::chrono::duration<double>(seconds));
}

void FakeExecutor::on_template(const std::string& template_name, FakePod pod) {
  m_by_template[template_name] = std::move(pod);
}

void FakeExecutor::on_node(const std::string& node_name, FakePod pod) {
  m_by_node[node_name] = std::move(pod);
}

void FakeExecutor::sequence(const std::string& template_name, std::vector<FakePod> pods) {
  m_sequences[template_name] = std::move(pods);
  m_sequence_used[template_name] = 0;
}

std::vector<std::string> FakeExecutor::started_nodes() const {
  std::vector<std::string> names;
  for (const engine::PodRequest& request : m_requests) {
    names.push_back(request.node_name);
  }
  return names;
}

const engine::PodRequest* FakeExecutor::request_for(const std::string& node_name) const {
  for (const engine::PodRequest& request : m_requests) {
    if (request.node_name == node_name) {
      return &request;
    }
  }
  return nullptr;
}

FakePod FakeExecutor::behaviour_for(const engine::PodRequest& request) {
  if (const auto it = m_by_node.find(request.node_name); it != m_by_node.end()) {
    return it->second;
  }
  if (const auto it = m_sequences.find(request.template_name);
      it != m_sequences.end() && !it->second.empty()) {
    std::size_t& used = m_sequence_used[request.template_name];
    return it->second[std::min(used++, it->second.size() - 1)];
  }
  if (const auto it = m_by_template.find(request.template_name); it != m_by_template.end()) {
    return it->second;
  }
  return m_default ? m_default(request) : FakePod{};
}

void FakeExecutor::start(const engine::PodRequest& request) {
  m_requests.push_back(request);
  const FakePod pod = behaviour_for(request);
  Running running;
  running.event.kind = engine::PodEvent::Kind::exited;
  running.event.node_id = request.node_id;
  running.finish = m_clock.now() + pod.duration;
  running.sequence = m_sequence++;
  if (pod.start_error) {
    running.event.started = false;
    running.event.message = *pod.start_error;
    running.finish = m_clock.now();
  } else {
    running.event.exit_code = pod.exit_code;
    running.event.stdout_text = pod.stdout_text;
    for (const std::string& path : request.output_files) {
      const auto file = pod.files.find(path);
      running.event.files.emplace_back(
          path, file == pod.files.end() ? std::nullopt : std::optional<std::string>(file->second));
    }
    for (const engine::OutputArtifactRequest& wanted : request.output_artifacts) {
      const auto artifact = pod.artifacts.find(wanted.path);
      running.event.artifacts.push_back(artifact != pod.artifacts.end() &&
                                        write_host_file(wanted.host_path, artifact->second));
    }
  }
  if (!request.container_set.empty() && !pod.start_error) {
    running.event.exit_code = 0;
    running.finish = simulate_container_set(request, pod, m_clock.now(), running.event);
  }
  if (pod.until_stopped && !pod.start_error) {
    running.finish = engine::TimePoint::max();
  }
  if (request.daemon && !pod.start_error) {
    // Ready at once; it exits only when stopped.
    Running ready;
    ready.event.kind = engine::PodEvent::Kind::ready;
    ready.event.node_id = request.node_id;
    ready.event.ip = "10.0.0.7";
    ready.finish = m_clock.now();
    ready.sequence = m_sequence++;
    m_running.push_back(std::move(ready));
    running.finish = engine::TimePoint::max();
  }
  m_running.push_back(std::move(running));
  m_peak = std::max(m_peak, m_running.size());
}

std::optional<engine::PodEvent> FakeExecutor::wait_next(std::optional<engine::TimePoint> deadline) {
  if (m_running.empty()) {
    return std::nullopt;
  }
  const auto next =
      std::min_element(m_running.begin(), m_running.end(), [](const Running& a, const Running& b) {
        return a.finish != b.finish ? a.finish < b.finish : a.sequence < b.sequence;
      });
  if (deadline && next->finish > *deadline) {
    m_clock.sleep_until(*deadline);
    return std::nullopt;
  }
  if (next->finish == engine::TimePoint::max()) {
    return std::nullopt;  // only daemons left, and nobody stopped them: nothing will happen
  }
  m_clock.sleep_until(next->finish);
  engine::PodEvent event = std::move(next->event);
  m_running.erase(next);
  return event;
}

void FakeExecutor::stop(std::string_view node_id) {
  for (const engine::PodRequest& request : m_requests) {
    if (request.node_id == node_id) {
      m_stopped.push_back(request.node_name);
    }
  }
  for (Running& running : m_running) {
    if (running.event.node_id == node_id && running.event.kind == engine::PodEvent::Kind::exited) {
      running.finish = m_clock.now();
      running.event.exit_code = 143;
    }
  }
}

std::size_t FakeExecutor::outstanding() const {
  return static_cast<std::size_t>(std::count_if(
      m_running.begin(), m_running.end(),
      [](const Running& r) { return r.event.kind == engine::PodEvent::Kind::exited; }));
}

void FakeExecutor::cancel_all() {
  m_running.clear();
}

}  // namespace testing
