/// Which tasks of a DAG template run before which: the transitive `dependencies`/`depends`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/template.hpp"

namespace model {

/// The ancestry of the tasks of one DAG template. Built in linear time; ancestor sets are
/// computed on first use and kept (one bit per task pair), so asking about every task of a
/// 10,000-task DAG stays fast. Above `bitset_limit` tasks the memory would grow too large,
/// and each question is answered by a search that stops at the first match instead.
/// Cycles are tolerated (check_dag reports them): a task on a cycle simply gets a partial set.
class DagAncestry {
 public:
  static constexpr size_t npos = std::numeric_limits<size_t>::max();
  static constexpr size_t k_default_bitset_limit = 16'384;

  /// Keeps pointers into `tasks`, which must outlive this object.
  explicit DagAncestry(const std::vector<Step>& tasks,
                       size_t bitset_limit = k_default_bitset_limit);

  /// The index of the task named `name` in `tasks`, or npos.
  size_t index_of(std::string_view name) const;
  /// True when task `ancestor` must finish before task `task` starts, directly or through
  /// other tasks. A task is not its own ancestor (unless on a cycle).
  bool is_ancestor(size_t ancestor, size_t task) const;

  /// The task names a task depends on directly: `dependencies`, or the operands of `depends`
  /// (`A && (B.Failed || !C.Succeeded)` gives A, B, C). Duplicates are kept.
  static std::vector<std::string> direct_dependencies(const Step& task);

 private:
  void compute_row(size_t task) const;
  bool search(size_t ancestor, size_t task) const;

  std::unordered_map<std::string_view, size_t> m_index;
  std::vector<std::vector<size_t>> m_parents;  // direct dependencies, as indexes
  bool m_use_bitsets = true;
  size_t m_words = 0;
  // Memoised ancestor sets (m_words words per task) and their state: 0 none, 1 in progress,
  // 2 done. Mutable: filled lazily by const queries.
  mutable std::vector<uint64_t> m_rows;
  mutable std::vector<uint8_t> m_state;
  mutable std::vector<uint32_t> m_seen;  // search(): visit stamps
  mutable uint32_t m_stamp = 0;
};

}  // namespace model
