/// Reads YAML text into DocNode trees. The only file that includes yaml-cpp.
#pragma once

#include <cstddef>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/doc_node.hpp"
#include "util/source.hpp"

namespace model {

/// Limits that keep hostile input (alias bombs, huge files, deep nesting) bounded.
struct YamlLimits {
  size_t max_bytes = 8u << 20;   ///< Kubernetes stores objects up to ~1.5 MiB
  size_t max_nodes = 1'000'000;  ///< after alias expansion
  size_t max_depth = 256;        ///< nesting of mappings and sequences
};

/// One YAML document of a (possibly multi-document) file.
struct YamlDocument {
  DocNode root;
  util::SourceLoc start;
};

/// Parses every document of `file`. Syntax errors and limit violations are reported to
/// `diagnostics` with their position; the documents read before an error are returned.
std::vector<YamlDocument> read_yaml(const util::SourceFile& file, Diagnostics& diagnostics,
                                    const YamlLimits& limits = {});

}  // namespace model
