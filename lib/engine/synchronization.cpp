#include "engine/synchronization.hpp"

#include <optional>

namespace engine {
namespace {

std::string text_of(const model::DocNode* node) {
  return node != nullptr && node->is_scalar() ? node->text : std::string();
}

bool is_true(const model::DocNode* node) {
  return node != nullptr && node->is_scalar() && node->text == "true";
}

std::optional<LockRef> read_mutex(const model::DocNode& node) {
  if (!node.is_mapping() || text_of(node.find("name")).empty()) {
    return std::nullopt;
  }
  LockRef lock;
  lock.kind = LockRef::Kind::mutex;
  lock.name = text_of(node.find("name"));
  lock.namespace_name = text_of(node.find("namespace"));
  lock.database = is_true(node.find("database"));
  lock.loc = node.loc;
  return lock;
}

std::optional<LockRef> read_semaphore(const model::DocNode& node) {
  if (!node.is_mapping()) {
    return std::nullopt;
  }
  LockRef lock;
  lock.kind = LockRef::Kind::semaphore;
  lock.loc = node.loc;
  lock.namespace_name = text_of(node.find("namespace"));
  if (const model::DocNode* ref = node.find("configMapKeyRef")) {
    lock.config_map = text_of(ref->find("name"));
    lock.key = text_of(ref->find("key"));
  } else if (const model::DocNode* database = node.find("database")) {
    lock.database = true;
    lock.key = text_of(database->find("key"));
  }
  if (lock.key.empty()) {
    return std::nullopt;
  }
  return lock;
}

}  // namespace

std::vector<LockRef> parse_synchronization(const model::DocNode& synchronization) {
  std::vector<LockRef> locks;
  const auto add = [&locks](std::optional<LockRef> lock) {
    if (lock) {
      locks.push_back(std::move(*lock));
    }
  };
  if (const model::DocNode* mutexes = synchronization.find("mutexes");
      mutexes != nullptr && mutexes->is_sequence()) {
    for (const model::DocNode& item : mutexes->items) {
      add(read_mutex(item));
    }
  }
  if (const model::DocNode* mutex = synchronization.find("mutex")) {
    add(read_mutex(*mutex));
  }
  if (const model::DocNode* semaphores = synchronization.find("semaphores");
      semaphores != nullptr && semaphores->is_sequence()) {
    for (const model::DocNode& item : semaphores->items) {
      add(read_semaphore(item));
    }
  }
  if (const model::DocNode* semaphore = synchronization.find("semaphore")) {
    add(read_semaphore(*semaphore));
  }
  return locks;
}

bool InProcessLocks::try_acquire(const std::vector<std::string>& locks,
                                 const std::vector<int>& limits, const std::string& holder) {
  for (std::size_t index = 0; index < locks.size(); ++index) {
    const auto it = m_holders.find(locks[index]);
    if (it == m_holders.end() || it->second.count(holder) > 0) {
      continue;
    }
    if (static_cast<int>(it->second.size()) >= limits[index]) {
      return false;
    }
  }
  for (const std::string& lock : locks) {
    m_holders[lock].insert(holder);
  }
  return true;
}

void InProcessLocks::release(const std::string& holder) {
  for (auto it = m_holders.begin(); it != m_holders.end();) {
    it->second.erase(holder);
    it = it->second.empty() ? m_holders.erase(it) : std::next(it);
  }
}

int InProcessLocks::in_use(const std::string& lock) const {
  const auto it = m_holders.find(lock);
  return it == m_holders.end() ? 0 : static_cast<int>(it->second.size());
}

}  // namespace engine
