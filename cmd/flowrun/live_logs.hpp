/// Pod output as it arrives: on stderr, each line prefixed by its node's display name
/// (`hello-step: hello world`, the prefix coloured per node on a terminal), and appended to
/// the node's log file in the run directory.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "graph/node.hpp"
#include "store/node_logs.hpp"
#include "util/result.hpp"

namespace cli {

/// Routes the executors' log lines (which name the pod) to their node (which the engine's
/// node reports name). Used from the engine's thread only.
class LiveLogs {
 public:
  /// Prints to `out`; `color` colours the prefixes.
  LiveLogs(std::FILE* out, bool color) : m_out(out), m_color(color) {}

  /// Also appends each line to `files` from now on (null: stop writing files).
  void attach(store::NodeLogs* files) { m_files = files; }

  /// Learns a pod node's pod name and display name; closes its log file once it has ended.
  void on_node(const graph::Node& node);

  /// One line a pod printed (the executors' `log` callback).
  void line(std::string_view pod_name, std::string_view text);

  /// The first log file that could not be written, if any.
  const std::optional<util::Error>& first_error() const { return m_first_error; }

 private:
  struct Source {
    std::string node_id;
    std::string prefix;  ///< the display name
    std::size_t color = 0;
  };

  std::FILE* m_out;
  bool m_color;
  store::NodeLogs* m_files = nullptr;
  std::unordered_map<std::string, Source> m_by_pod;
  std::size_t m_next_color = 0;
  std::optional<util::Error> m_first_error;
};

}  // namespace cli
