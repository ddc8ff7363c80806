/// Template and workflow `synchronization` (spec 2.7): mutexes and semaphores, and the lock
/// service that holds them. Locks are named as Argo names them: `<namespace>/Mutex/<name>` and
/// `<namespace>/ConfigMap/<configMap>/<key>`.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/doc_node.hpp"
#include "util/source.hpp"

namespace engine {

/// One lock a template or workflow asks for, as written (names may hold `{{...}}` tags).
struct LockRef {
  enum class Kind { mutex, semaphore };
  Kind kind = Kind::mutex;
  std::string name;            ///< mutex name
  std::string config_map;      ///< semaphore: configMapKeyRef.name
  std::string key;             ///< semaphore: configMapKeyRef.key
  std::string namespace_name;  ///< empty: the workflow's
  bool database = false;       ///< Argo's database-backed locks: held locally all the same
  util::SourceLoc loc;
};

/// The locks of a `synchronization` field: `mutexes[]`, `semaphores[]` and the deprecated
/// `mutex` / `semaphore` forms. Entries it cannot read are left out (lint reports them).
std::vector<LockRef> parse_synchronization(const model::DocNode& synchronization);

/// Holds locks for the run. A holder is a node ID (or the workflow's name). try_acquire is
/// all or nothing over several locks.
class LockService {
 public:
  virtual ~LockService() = default;
  /// Takes one slot of each lock (`limits[i]` slots exist for `locks[i]`) for `holder`, or
  /// none of them. True when they are held (also when `holder` already held them).
  virtual bool try_acquire(const std::vector<std::string>& locks, const std::vector<int>& limits,
                           const std::string& holder) = 0;
  /// Releases every lock `holder` holds.
  virtual void release(const std::string& holder) = 0;
  /// Slots of `lock` in use (by anyone this service can see).
  virtual int in_use(const std::string& lock) const = 0;
};

/// Locks known to this process only (the default; tests).
class InProcessLocks final : public LockService {
 public:
  bool try_acquire(const std::vector<std::string>& locks, const std::vector<int>& limits,
                   const std::string& holder) override;
  void release(const std::string& holder) override;
  int in_use(const std::string& lock) const override;

 private:
  std::map<std::string, std::set<std::string>> m_holders;  ///< lock -> holders
};

}  // namespace engine
