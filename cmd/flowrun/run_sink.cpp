#include "run_sink.hpp"

namespace cli {

void RunSink::on_node(const graph::Node& node) {
  m_logs.on_node(node);
  m_progress.on_node(node);
  if (m_recorder != nullptr) {
    m_recorder->on_node(node);
  }
}

}  // namespace cli
