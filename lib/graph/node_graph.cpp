#include "graph/node_graph.hpp"

#include <algorithm>
#include <utility>

namespace graph {

bool NodeGraph::add(Node node) {
  if (node.id.empty() || m_by_id.count(node.id) > 0 || m_by_name.count(node.name) > 0) {
    return false;
  }
  const std::size_t index = m_nodes.size();
  m_by_id.emplace(node.id, index);
  m_by_name.emplace(node.name, index);
  m_nodes.push_back(std::move(node));
  return true;
}

bool NodeGraph::add_child(std::string_view parent_id, std::string_view child_id) {
  Node* parent = find(parent_id);
  if (parent == nullptr || find(child_id) == nullptr) {
    return false;
  }
  // A set of edges keeps this O(1): a DAG node or step group may have thousands of children.
  std::string edge;
  edge.reserve(parent_id.size() + child_id.size() + 1);
  edge.append(parent_id).push_back('\0');
  edge.append(child_id);
  if (m_edges.insert(std::move(edge)).second) {
    parent->children.emplace_back(child_id);
  }
  return true;
}

Node* NodeGraph::find(std::string_view id) {
  return const_cast<Node*>(std::as_const(*this).find(id));
}

const Node* NodeGraph::find(std::string_view id) const {
  // std::unordered_map<std::string> has no heterogeneous lookup without a custom hash.
  const auto it = m_by_id.find(std::string(id));
  return it == m_by_id.end() ? nullptr : &m_nodes[it->second];
}

Node* NodeGraph::find_by_name(std::string_view name) {
  return const_cast<Node*>(std::as_const(*this).find_by_name(name));
}

const Node* NodeGraph::find_by_name(std::string_view name) const {
  const auto it = m_by_name.find(std::string(name));
  return it == m_by_name.end() ? nullptr : &m_nodes[it->second];
}

std::vector<const Node*> NodeGraph::children(std::string_view id) const {
  std::vector<const Node*> out;
  if (const Node* node = find(id)) {
    for (const std::string& child_id : node->children) {
      if (const Node* child = find(child_id)) {
        out.push_back(child);
      }
    }
  }
  return out;
}

bool NodeGraph::set_phase(std::string_view id, Phase phase, std::string message) {
  Node* node = find(id);
  if (node == nullptr) {
    return false;
  }
  node->phase = phase;
  node->message = std::move(message);
  return true;
}

}  // namespace graph
