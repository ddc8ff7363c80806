/// Progress of a run on stderr: one line when a pod starts or ends, and for every node that
/// fails or errors, so a CI log shows what happened while the result goes to stdout.
#pragma once

#include <cstdio>

#include "engine/status_sink.hpp"

namespace cli {

class ProgressSink final : public engine::StatusSink {
 public:
  explicit ProgressSink(std::FILE* out) : m_out(out) {}
  void on_node(const graph::Node& node) override;

 private:
  std::FILE* m_out;
};

}  // namespace cli
