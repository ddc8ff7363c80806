/// Progress as the engine makes it: the CLI prints it to stderr, tests record it.
#pragma once

#include "graph/node.hpp"

namespace engine {

/// Told about node transitions as they happen. The engine never prints.
class StatusSink {
 public:
  virtual ~StatusSink() = default;
  /// A node was created or changed phase (`node` is the state after the change).
  virtual void on_node(const graph::Node& node) = 0;
};

/// A sink that ignores everything.
class NullStatusSink final : public StatusSink {
 public:
  void on_node(const graph::Node& /*node*/) override {}
};

}  // namespace engine
