/// Template `memoize` (spec 2.6): where the outputs of memoized nodes are kept between runs.
/// Argo keeps them in ConfigMaps; the engine only sees this interface (store/memo_store.hpp is
/// the file-backed one, MemoryMemoCache below the one tests and dry runs use).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "graph/node.hpp"
#include "util/result.hpp"

namespace engine {

/// One cache entry (Argo's cache.Entry): the node that produced the outputs and when.
struct MemoEntry {
  std::string node_id;            ///< `nodeID`: the node whose outputs were saved
  graph::NodeOutputs outputs;     ///< parameters (in order), result, exit code
  graph::TimePoint created_at{};  ///< `creationTimestamp`: maxAge counts from here
};

/// A memoization cache: entries by cache (Argo's ConfigMap name) and key (user text).
class MemoCache {
 public:
  virtual ~MemoCache() = default;
  /// The entry saved under `key` in `cache_name`; nullopt on a miss (an unreadable entry is
  /// a miss too: the node then runs and overwrites it).
  virtual std::optional<MemoEntry> lookup(const std::string& cache_name,
                                          const std::string& key) = 0;
  /// Saves `entry` under `key`, replacing any entry there; the error when it cannot.
  virtual std::optional<util::Error> save(const std::string& cache_name, const std::string& key,
                                          const MemoEntry& entry) = 0;
};

/// Entries in memory, for tests and dry runs (which must not write the real cache).
class MemoryMemoCache final : public MemoCache {
 public:
  std::optional<MemoEntry> lookup(const std::string& cache_name, const std::string& key) override {
    const auto it = m_entries.find({cache_name, key});
    if (it == m_entries.end()) {
      return std::nullopt;
    }
    return it->second;
  }
  std::optional<util::Error> save(const std::string& cache_name, const std::string& key,
                                  const MemoEntry& entry) override {
    if (m_save_error) {
      return util::make_error(util::ErrorCode::io, *m_save_error);
    }
    m_entries[{cache_name, key}] = entry;
    return std::nullopt;
  }
  /// Every later save fails with `message` (tests of the save-failure path).
  void fail_saves(std::string message) { m_save_error = std::move(message); }
  /// How many entries are kept.
  std::size_t size() const { return m_entries.size(); }

 private:
  std::map<std::pair<std::string, std::string>, MemoEntry> m_entries;
  std::optional<std::string> m_save_error;
};

}  // namespace engine
