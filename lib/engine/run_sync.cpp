// synchronization (spec 2.7): a template's node, or the whole workflow, waits Pending until
// it holds its mutexes and semaphores, and releases them once it is completed. Locks come
// from a LockService: the CLI's is shared by every run on the machine (file locks).
#include <charconv>

#include <fmt/format.h>

#include "engine/local_objects.hpp"
#include "engine/run.hpp"
#include "util/text.hpp"

namespace engine {

util::Result<std::vector<HeldLock>> Run::resolve_locks(const model::DocNode& synchronization,
                                                       const expr::Scope& scope) const {
  std::vector<HeldLock> held;
  for (const LockRef& ref : parse_synchronization(synchronization)) {
    const std::string namespace_name =
        ref.namespace_name.empty() ? m_request.namespace_name : ref.namespace_name;
    if (ref.kind == LockRef::Kind::mutex) {
      util::Result<std::string> name = expr::substitute(ref.name, scope, expr::Mode::lenient);
      held.push_back(
          {fmt::format("{}/Mutex/{}", namespace_name, name.ok() ? name.value() : ref.name), 1});
      continue;
    }
    if (ref.database) {
      return util::make_error(util::ErrorCode::invalid_input,
                              fmt::format("the database semaphore '{}' needs Argo's controller "
                                          "database; use a configMapKeyRef semaphore",
                                          ref.key));
    }
    if (m_request.objects == nullptr) {
      return util::make_error(util::ErrorCode::invalid_input,
                              fmt::format("configmap \"{}\" not found", ref.config_map));
    }
    util::Result<std::string> value =
        m_request.objects->value(ObjectKind::config_map, ref.config_map, ref.key);
    if (!value.ok()) {
      return value.error();
    }
    const std::string_view text = util::trim(value.value());
    int limit = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (error != std::errc() || end != text.data() + text.size() || limit < 0) {
      return util::make_error(
          util::ErrorCode::invalid_input,
          fmt::format("semaphore limit '{}' in configmap \"{}\" key \"{}\" is not an integer", text,
                      ref.config_map, ref.key));
    }
    held.push_back(
        {fmt::format("{}/ConfigMap/{}/{}", namespace_name, ref.config_map, ref.key), limit});
  }
  return held;
}

void Run::with_locks(const std::string& holder, std::vector<HeldLock> locks,
                     std::function<void()> start) {
  m_lock_waiters.push_back({holder, std::move(locks), std::move(start)});
  if (!retry_lock_waiters()) {
    // Still waiting: say for what, as Argo's controller does.
    const LockWaiter& waiter = m_lock_waiters.back();
    for (const HeldLock& lock : waiter.locks) {
      const int used = m_locks->in_use(lock.name);
      if (used >= lock.limit) {
        const std::string message = fmt::format("Waiting for {} lock. Lock status: {}/{}",
                                                lock.name, lock.limit - used, lock.limit);
        if (holder == k_workflow_holder) {
          m_status.phase = graph::WorkflowPhase::pending;
          m_status.message = message;
        } else {
          node(holder).message = message;
          m_sink.on_node(node(holder));
        }
        break;
      }
    }
  }
}

void Run::release_locks(const std::string& holder) {
  if (m_locks != nullptr) {
    m_locks->release(holder);
  }
}

bool Run::retry_lock_waiters() {
  if (m_lock_waiters.empty()) {
    return false;
  }
  bool started = false;
  // By index: a start may add waiters at the end, which this pass then tries too.
  for (std::size_t index = 0; index < m_lock_waiters.size();) {
    std::vector<std::string> names;
    std::vector<int> limits;
    for (const HeldLock& lock : m_lock_waiters[index].locks) {
      names.push_back(lock.name);
      limits.push_back(lock.limit);
    }
    if (!m_locks->try_acquire(names, limits, m_lock_waiters[index].holder)) {
      ++index;
      continue;
    }
    LockWaiter ready = std::move(m_lock_waiters[index]);
    m_lock_waiters.erase(m_lock_waiters.begin() + static_cast<std::ptrdiff_t>(index));
    if (ready.holder == k_workflow_holder) {
      m_status.phase = graph::WorkflowPhase::running;
      m_status.message.clear();
    } else {
      node(ready.holder).message.clear();
    }
    ready.start();
    started = true;
  }
  return started;
}

}  // namespace engine
