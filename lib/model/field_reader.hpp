/// FieldReader: typed, position-keeping reads of one YAML mapping, with unknown-field checks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/doc_node.hpp"
#include "model/scalar.hpp"

namespace model {

/// How much typed data one file may decode into. The typed structs are large (a Template
/// is ~7 KB, a Container ~1 KB), so without a cap `templates: [{}, {}, ...]` turns 1 MB of
/// YAML into 2 GB of memory.
struct DecodeBudget {
  size_t limit = size_t{128} << 20;  ///< bytes of typed objects allowed
  size_t used = 0;                   ///< bytes charged so far
  bool exhausted = false;            ///< spent: lists stop decoding
};

/// Where decoding reports to: the diagnostics, the list of Kubernetes-only fields seen, and
/// the memory budget shared by all documents of the file.
struct DecodeContext {
  Diagnostics& diagnostics;
  std::vector<IgnoredField>& ignored;
  DecodeBudget& budget;

  /// Takes `bytes` from the budget for an object decoded at `loc`. Once it is spent this
  /// reports one error for the file and returns false; lists then stop decoding.
  bool charge(size_t bytes, util::SourceLoc loc);
};

/// Makes a Scalar from a scalar or null node (null gives an empty string).
Scalar to_scalar(const DocNode& node);

/// Reads the fields of one mapping. Every read marks its key as known; finish() reports
/// the keys nobody read as unknown fields (a warning; `lint --strict` makes it an error).
/// Type mismatches are errors naming the field and what was found instead.
class FieldReader {
 public:
  /// `path` names the object in messages, e.g. "templates.main.container".
  FieldReader(const DocNode& node, std::string path, DecodeContext& context);
  FieldReader(const FieldReader&) = delete;
  FieldReader& operator=(const FieldReader&) = delete;

  /// False when the node was not a mapping (an error has been reported then).
  bool ok() const { return m_ok; }
  const std::string& path() const { return m_path; }
  std::string child_path(std::string_view key) const;
  DecodeContext& context() { return m_context; }
  util::SourceLoc loc() const { return m_node.loc; }

  /// The raw value under `key` (any kind), or nullptr when absent or null.
  const DocNode* node(std::string_view key);
  /// The value when it is a mapping; reports an error for another kind.
  const DocNode* mapping(std::string_view key);
  /// The value when it is a list; reports an error for another kind.
  const DocNode* sequence(std::string_view key);
  /// A scalar of any type (numbers and booleans as Argo's strings).
  OptScalar scalar(std::string_view key);
  /// A boolean; a non-boolean value is an error. Absent gives `fallback`.
  bool boolean(std::string_view key, bool fallback = false);
  /// A boolean kept with its position (for optional booleans such as failFast).
  OptScalar boolean_scalar(std::string_view key);
  /// An integer or integer-or-string value, e.g. `limit: 3` or `limit: "{{x}}"`.
  OptScalar int_or_string(std::string_view key);
  /// A list of scalars. `present` is set when the key exists (even as an empty list).
  std::vector<Scalar> strings(std::string_view key, bool* present = nullptr);
  /// A mapping of string to string (labels, annotations).
  std::vector<KeyValue> string_map(std::string_view key);
  /// A list of mappings: calls `each(item, path)` for every mapping item.
  template <typename F>
  void each_mapping(std::string_view key, F each) {
    const DocNode* list = sequence(key);
    if (list == nullptr) {
      return;
    }
    for (size_t i = 0; i < list->items.size() && !m_context.budget.exhausted; ++i) {
      const DocNode& item = list->items[i];
      each(item, child_path(key) + "[" + std::to_string(i) + "]");
    }
  }
  /// A Kubernetes-only field: consumed and recorded, so the user is warned once.
  void k8s_only(std::string_view key);
  /// A field that is accepted and has no effect, without a warning.
  void accept(std::string_view key);
  /// Reports every key that was not read as an unknown field.
  void finish();

 private:
  const DocNode* take(std::string_view key);
  void type_error(std::string_view key, const DocNode& value, std::string_view expected);

  const DocNode& m_node;
  std::string m_path;
  DecodeContext& m_context;
  std::vector<bool> m_used;
  bool m_ok = true;
};

}  // namespace model
