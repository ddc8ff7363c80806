#include "progress_sink.hpp"

#include <ctime>

#include <fmt/format.h>

namespace cli {
namespace {

std::string clock_time() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  localtime_r(&now, &parts);
  return fmt::format("{:02}:{:02}:{:02}", parts.tm_hour, parts.tm_min, parts.tm_sec);
}

}  // namespace

void ProgressSink::on_node(const graph::Node& node) {
  const bool pod = node.type == graph::NodeType::pod;
  const bool bad = node.phase == graph::Phase::failed || node.phase == graph::Phase::error;
  const bool shown = pod ? node.phase != graph::Phase::pending : bad;
  if (!shown) {
    return;
  }
  std::string line =
      fmt::format("{} {:<9} {}", clock_time(), graph::to_string(node.phase), node.name);
  if (!node.message.empty()) {
    line += ": " + node.message;
  }
  fmt::print(m_out, "{}\n", line);
  std::fflush(m_out);
}

}  // namespace cli
