#include "live_logs.hpp"

#include <array>

#include <fmt/format.h>

#include "graph/phase.hpp"

namespace cli {
namespace {

/// SGR colours for prefixes, assigned in turn as nodes first appear. No red: it would read
/// as an error.
constexpr std::array<int, 10> k_colors = {36, 33, 32, 35, 34, 96, 93, 92, 95, 94};

}  // namespace

void LiveLogs::on_node(const graph::Node& node) {
  if (node.pod_name.empty()) {
    return;
  }
  auto [found, added] = m_by_pod.try_emplace(node.pod_name);
  if (added) {
    found->second.color = m_next_color++ % k_colors.size();
  }
  found->second.node_id = node.id;
  found->second.prefix = node.display_name.empty() ? node.pod_name : node.display_name;
  if (m_files != nullptr && graph::is_fulfilled(node.phase, false)) {
    m_files->close(node.id);
  }
}

void LiveLogs::line(std::string_view pod_name, std::string_view text) {
  const auto found = m_by_pod.find(std::string(pod_name));
  // Every pod is reported Running (with its pod name) before it starts; the pod name is
  // the fallback for a line that would come sooner.
  const std::string_view prefix = found == m_by_pod.end() ? pod_name : found->second.prefix;
  if (m_color && found != m_by_pod.end()) {
    fmt::print(m_out, "\033[{}m{}\033[0m: {}\n", k_colors[found->second.color], prefix, text);
  } else {
    fmt::print(m_out, "{}: {}\n", prefix, text);
  }
  std::fflush(m_out);
  if (m_files == nullptr) {
    return;
  }
  const std::string_view node_id = found == m_by_pod.end() ? pod_name : found->second.node_id;
  if (auto error = m_files->append(node_id, text); error && !m_first_error) {
    m_first_error = std::move(error);
  }
}

}  // namespace cli
