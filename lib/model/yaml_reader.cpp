#include "model/yaml_reader.hpp"

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace model {
namespace {

/// Thrown inside the event handler to abort parsing; caught in read_yaml.
struct LimitExceeded {
  util::SourceLoc loc;
  std::string message;
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const util::SourceFile& file, const YamlLimits& limits, Diagnostics& diagnostics)
      : m_file(file), m_limits(limits), m_diagnostics(diagnostics) {}

  std::vector<YamlDocument>& documents() { return m_documents; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    m_stack.clear();
    m_document_start = loc(mark);
    m_have_root = false;
  }

  void OnDocumentEnd() override {
    if (m_have_root) {
      m_documents.push_back({std::move(m_root), m_document_start});
    }
    m_root = DocNode{};
    m_anchors.clear();
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    DocNode node;
    node.loc = loc(mark);
    complete(std::move(node), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = m_anchors.find(anchor);
    if (it == m_anchors.end()) {
      throw LimitExceeded{loc(mark), "alias refers to an anchor that is not defined yet"};
    }
    count_nodes(it->second.size, loc(mark));
    complete(DocNode(it->second.node), 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    DocNode node;
    node.kind = DocKind::scalar;
    node.loc = loc(mark);
    node.text = value;
    node.quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    count_nodes(1, node.loc);
    complete(std::move(node), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(DocKind::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(DocKind::mapping, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    DocNode node;
    YAML::anchor_t anchor = 0;
    bool have_key = false;
    std::string key;
    util::SourceLoc key_loc;
  };
  struct Anchored {
    DocNode node;
    size_t size = 0;
  };

  util::SourceLoc loc(const YAML::Mark& mark) const {
    return {&m_file, static_cast<uint32_t>(mark.line + 1), static_cast<uint32_t>(mark.column + 1)};
  }

  void count_nodes(size_t n, util::SourceLoc where) {
    m_node_count += n;
    if (m_node_count > m_limits.max_nodes) {
      throw LimitExceeded{
          where, fmt::format("document too large: more than {} YAML nodes after expanding aliases "
                             "(an alias bomb?)",
                             m_limits.max_nodes)};
    }
  }

  void open(DocKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (m_stack.size() >= m_limits.max_depth) {
      throw LimitExceeded{loc(mark),
                          fmt::format("nesting deeper than {} levels", m_limits.max_depth)};
    }
    count_nodes(1, loc(mark));
    Frame frame;
    frame.node.kind = kind;
    frame.node.loc = loc(mark);
    frame.anchor = anchor;
    m_stack.push_back(std::move(frame));
  }

  void close() {
    Frame frame = std::move(m_stack.back());
    m_stack.pop_back();
    if (frame.node.is_mapping()) {
      apply_merge_keys(frame.node);
    }
    complete(std::move(frame.node), frame.anchor);
  }

  /// YAML 1.1 merge keys (`<<: *base`), which Kubernetes' YAML reader honours.
  static void apply_merge_keys(DocNode& map) {
    const bool has_merge_key =
        std::any_of(map.entries.begin(), map.entries.end(),
                    [](const auto& e) { return e.key == "<<" && !e.value.quoted; });
    if (!has_merge_key) {
      return;
    }
    std::vector<DocEntry> merged;
    for (DocEntry& e : map.entries) {
      if (e.key != "<<" || e.value.quoted) {
        merged.push_back(std::move(e));
        continue;
      }
      std::vector<const DocNode*> sources;
      if (e.value.is_mapping()) {
        sources.push_back(&e.value);
      } else if (e.value.is_sequence()) {
        for (const DocNode& item : e.value.items) {
          sources.push_back(&item);
        }
      }
      for (const DocNode* source : sources) {
        for (const DocEntry& inherited : source->entries) {
          if (map.find(inherited.key) == nullptr) {
            merged.push_back(inherited);
          }
        }
      }
    }
    map.entries = std::move(merged);
  }

  void complete(DocNode node, YAML::anchor_t anchor) {
    if (anchor != 0) {
      const size_t size = node.subtree_size();
      m_anchors[anchor] = Anchored{node, size};
    }
    if (m_stack.empty()) {
      m_root = std::move(node);
      m_have_root = true;
      return;
    }
    Frame& top = m_stack.back();
    if (top.node.is_sequence()) {
      top.node.items.push_back(std::move(node));
      return;
    }
    if (!top.have_key) {
      if (node.is_mapping() || node.is_sequence()) {
        throw LimitExceeded{node.loc, "mapping keys must be plain strings"};
      }
      top.key = node.text;
      top.key_loc = node.loc;
      top.have_key = true;
      return;
    }
    top.have_key = false;
    // Kubernetes' YAML reader keeps the last value of a repeated key; say so, as strict
    // parsing (lint --strict) would reject it.
    for (DocEntry& existing : top.node.entries) {
      if (existing.key == top.key && top.key != "<<") {
        m_diagnostics.warning(top.key_loc, "yaml-duplicate-key",
                              fmt::format("mapping key \"{}\" already defined at line {}; the "
                                          "earlier value is ignored",
                                          top.key, existing.key_loc.line));
        existing.key_loc = top.key_loc;
        existing.value = std::move(node);
        return;
      }
    }
    top.node.entries.push_back({std::move(top.key), top.key_loc, std::move(node)});
  }

  const util::SourceFile& m_file;
  const YamlLimits& m_limits;
  Diagnostics& m_diagnostics;
  std::vector<YamlDocument> m_documents;
  std::vector<Frame> m_stack;
  std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
  DocNode m_root;
  bool m_have_root = false;
  util::SourceLoc m_document_start;
  size_t m_node_count = 0;
};

}  // namespace

std::vector<YamlDocument> read_yaml(const util::SourceFile& file, Diagnostics& diagnostics,
                                    const YamlLimits& limits) {
  if (file.text().size() > limits.max_bytes) {
    diagnostics.error({&file, 0, 0}, "file-too-large",
                      fmt::format("file is {} bytes, more than the {} byte limit for a manifest "
                                  "(Kubernetes itself rejects objects over about 1.5 MiB)",
                                  file.text().size(), limits.max_bytes));
    return {};
  }
  if (file.text().find('\0') != std::string::npos) {
    const size_t at = file.text().find('\0');
    uint32_t line = 1;
    uint32_t column = 1;
    for (size_t i = 0; i < at; ++i) {
      if (file.text()[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    diagnostics.error({&file, line, column}, "yaml-syntax",
                      "not a YAML file: it contains a NUL byte (binary data?)");
    return {};
  }
  TreeBuilder builder(file, limits, diagnostics);
  std::istringstream stream(file.text());
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const LimitExceeded& e) {
    diagnostics.error(e.loc, "yaml-limit", e.message);
  } catch (const YAML::DeepRecursion& e) {
    diagnostics.error(
        {&file, static_cast<uint32_t>(e.mark.line + 1), static_cast<uint32_t>(e.mark.column + 1)},
        "yaml-limit", "nesting too deep");
  } catch (const YAML::Exception& e) {
    const util::SourceLoc where =
        e.mark.is_null() ? util::SourceLoc{&file, 0, 0}
                         : util::SourceLoc{&file, static_cast<uint32_t>(e.mark.line + 1),
                                           static_cast<uint32_t>(e.mark.column + 1)};
    diagnostics.error(where, "yaml-syntax", fmt::format("invalid YAML: {}", e.msg));
  }
  return std::move(builder.documents());
}

}  // namespace model
