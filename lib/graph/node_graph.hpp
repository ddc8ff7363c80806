/// The node graph of one workflow run (`status.nodes`): owns the nodes, finds them by ID
/// or name, and keeps the parent/child links.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graph/node.hpp"

namespace graph {

/// Nodes in insertion order with ID and name indexes. Pointers returned by the finders stay
/// valid only until the next add().
class NodeGraph {
 public:
  /// Adds `node`. Returns false (and changes nothing) when its ID or name is already taken
  /// or its ID is empty.
  bool add(Node node);

  /// Appends `child_id` to the children of `parent_id`. Returns false when either node is
  /// missing; adding an existing link again is a no-op that returns true.
  bool add_child(std::string_view parent_id, std::string_view child_id);

  /// The node with this ID, or nullptr.
  Node* find(std::string_view id);
  /// The node with this ID, or nullptr.
  const Node* find(std::string_view id) const;
  /// The node with this full name, or nullptr.
  Node* find_by_name(std::string_view name);
  /// The node with this full name, or nullptr.
  const Node* find_by_name(std::string_view name) const;

  /// The children of `id` in order; empty when the node is missing. Child IDs that name no
  /// node are skipped.
  std::vector<const Node*> children(std::string_view id) const;

  /// Sets the phase and message of `id`. Returns false when the node is missing.
  bool set_phase(std::string_view id, Phase phase, std::string message = {});

  /// All nodes in insertion order.
  const std::vector<Node>& nodes() const { return m_nodes; }
  /// The number of nodes.
  std::size_t size() const { return m_nodes.size(); }

 private:
  std::vector<Node> m_nodes;
  std::unordered_map<std::string, std::size_t> m_by_id;
  std::unordered_map<std::string, std::size_t> m_by_name;
  std::unordered_set<std::string> m_edges;  ///< "parent\0child" of every link
};

}  // namespace graph
