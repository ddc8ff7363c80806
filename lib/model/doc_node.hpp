/// A YAML document as plain data: every node keeps its position. No yaml-cpp types leak out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/source.hpp"

namespace model {

enum class DocKind { null, scalar, sequence, mapping };

/// How a scalar resolves in Kubernetes' YAML-to-JSON step (go-yaml v2, YAML 1.1 rules):
/// only plain (unquoted) scalars can be anything but a string.
enum class ScalarType { null, boolean, integer, floating, string };

struct DocEntry;

struct DocNode {
  DocKind kind = DocKind::null;
  util::SourceLoc loc;
  std::string text;               ///< scalar text as written (after YAML unescaping)
  bool quoted = false;            ///< quoted, block or !!str-tagged: always a string
  std::vector<DocNode> items;     ///< sequence items
  std::vector<DocEntry> entries;  ///< mapping entries, in document order

  bool is_null() const { return kind == DocKind::null; }
  bool is_scalar() const { return kind == DocKind::scalar; }
  bool is_sequence() const { return kind == DocKind::sequence; }
  bool is_mapping() const { return kind == DocKind::mapping; }

  /// The value under `key` in a mapping, or nullptr.
  const DocNode* find(std::string_view key) const;
  /// The JSON type this scalar becomes (null nodes: ScalarType::null).
  ScalarType scalar_type() const;
  /// Number of nodes in this subtree, itself included.
  size_t subtree_size() const;
};

struct DocEntry {
  std::string key;
  util::SourceLoc key_loc;
  DocNode value;
};

/// "mapping", "sequence", "string", "integer", ... for messages.
std::string_view describe(const DocNode& node);

/// The value as Argo's AnyString would hold it: strings as they are, booleans "true"/"false",
/// integers in decimal, floats in Go's shortest 'f' format ("1.50" -> "1.5"), null "".
std::string any_string(const DocNode& node);

/// Compact JSON for any node (sorted keys when `sort_keys`, as Go marshals maps).
std::string to_json(const DocNode& node, bool sort_keys = true);

}  // namespace model
