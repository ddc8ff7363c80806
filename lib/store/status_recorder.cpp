#include "store/status_recorder.hpp"

#include <utility>

#include "report/workflow_json.hpp"
#include "store/atomic_file.hpp"

namespace store {

StatusRecorder::StatusRecorder(std::string path, graph::WorkflowStatus initial,
                               std::chrono::milliseconds interval)
    : m_path(std::move(path)), m_interval(interval), m_status(std::move(initial)) {
  write(m_status);
  m_writer = std::thread([this] { writer_loop(); });
}

StatusRecorder::~StatusRecorder() {
  stop_writer();
  std::unique_lock lock(m_mutex);
  if (m_dirty && !m_finished) {
    graph::WorkflowStatus copy = m_status;
    m_dirty = false;
    lock.unlock();
    write(copy);
  }
}

void StatusRecorder::on_node(const graph::Node& node) {
  {
    std::lock_guard lock(m_mutex);
    if (m_finished) {
      return;
    }
    if (graph::Node* known = m_status.nodes.find(node.id)) {
      *known = node;  // IDs and names never change, so the graph's indexes stay right
    } else {
      m_status.nodes.add(node);
    }
    m_dirty = true;
  }
  m_wake.notify_one();
}

void StatusRecorder::finish(const graph::WorkflowStatus& final_status) {
  stop_writer();
  {
    std::lock_guard lock(m_mutex);
    m_finished = true;
    m_dirty = false;
  }
  write(final_status);
}

std::optional<util::Error> StatusRecorder::first_error() const {
  std::lock_guard lock(m_mutex);
  return m_first_error;
}

std::size_t StatusRecorder::write_count() const {
  std::lock_guard lock(m_mutex);
  return m_writes;
}

void StatusRecorder::writer_loop() {
  using Clock = std::chrono::steady_clock;
  // The constructor wrote the initial state, but the first change goes out at once: a run
  // whose first pod runs for an hour shows it Running.
  Clock::time_point last_write = Clock::now() - m_interval;
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [this] { return m_dirty || m_stopping; });
    if (m_stopping) {
      return;  // the destructor or finish() writes what is left
    }
    // Throttle: a burst of node changes becomes one write per interval.
    const Clock::time_point due = last_write + m_interval;
    if (m_wake.wait_until(lock, due, [this] { return m_stopping; })) {
      return;
    }
    graph::WorkflowStatus copy = m_status;
    m_dirty = false;
    lock.unlock();
    write(copy);
    last_write = Clock::now();
    lock.lock();
  }
}

void StatusRecorder::write(const graph::WorkflowStatus& status) {
  std::lock_guard write_lock(m_write_mutex);
  std::optional<util::Error> error = write_file_atomically(m_path, report::workflow_json(status));
  std::lock_guard lock(m_mutex);
  ++m_writes;
  if (error && !m_first_error) {
    m_first_error = std::move(error);
  }
}

void StatusRecorder::stop_writer() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_one();
  if (m_writer.joinable()) {
    m_writer.join();
  }
}

}  // namespace store
