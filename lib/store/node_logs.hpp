/// Per-node log files: `<dir>/<node id>.log`, one line per line a pod printed, appended and
/// flushed as each line arrives (a `tail -f` or a crash sees every line handed in).
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "util/result.hpp"

namespace store {

/// Appends lines to the log file of each node. Files are opened on a node's first line and
/// stay open until close() (when the node has ended), so a workflow of many pods does not
/// hold a descriptor per pod; a line after close() reopens the file for appending.
class NodeLogs {
 public:
  /// Writes below `dir`, which must exist.
  explicit NodeLogs(std::string dir);
  NodeLogs(const NodeLogs&) = delete;
  NodeLogs& operator=(const NodeLogs&) = delete;

  /// `<dir>/<node id>.log` ('/' in the ID, which Argo's IDs never have, becomes '_').
  std::string path(std::string_view node_id) const;

  /// Appends `line` and a newline to the node's file and flushes it.
  std::optional<util::Error> append(std::string_view node_id, std::string_view line);

  /// Closes the node's file, if open.
  void close(std::string_view node_id);

  /// How many files are open now.
  std::size_t open_count() const { return m_open.size(); }

 private:
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  using File = std::unique_ptr<std::FILE, Closer>;

  std::string m_dir;
  std::unordered_map<std::string, File> m_open;
};

}  // namespace store
