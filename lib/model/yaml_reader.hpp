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
  size_t max_nodes = 1'000'000;  ///< after alias expansion (stored anchors count too)
  size_t max_depth = 256;        ///< nesting of mappings and sequences
  /// yaml-cpp tokenizes a whole flow collection (and a whole line) before its parser moves
  /// on, at ~100 bytes per token. This caps the punctuation ([]{},:&*!"') it may read ahead
  /// of the parser, which bounds that memory.
  size_t max_lookahead = 500'000;
  /// Heap growth allowed while yaml-cpp reads (where glibc can tell): the backstop for
  /// read-ahead that max_lookahead's estimate misses.
  size_t max_reader_memory = size_t{384} << 20;
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
