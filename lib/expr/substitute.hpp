/// Argo's simple-tag substitution (`{{inputs.parameters.x}}` and friends) over one string.
///
/// Argo JSON-serializes a whole template, replaces tags in that text with JSON-escaped values
/// and parses it back. The engine instead substitutes each string field of the typed model on
/// its own, so values are inserted RAW here (no JSON escaping): the result is the same, because
/// Argo's escaping only exists to survive its JSON round trip. The engine must therefore call
/// substitute() field by field (every command/arg/env value/... string), never on serialized
/// text.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace expr {

/// Variables visible to substitution: a flat map from a dotted name such as
/// "inputs.parameters.x" or "item" to its string value. A scope may have a parent it falls
/// back to (a template's locals over the workflow's globals), so building a child scope does
/// not copy the parent; the parent must outlive the child.
class Scope {
 public:
  Scope() = default;
  /// An empty scope whose lookups fall back to `parent` (may be nullptr).
  explicit Scope(const Scope* parent) : m_parent(parent) {}

  /// Binds `name` to `value`, replacing any earlier binding.
  void set(std::string name, std::string value);
  /// The value bound to `name` here or in a parent, or nullptr.
  const std::string* find(std::string_view name) const;
  /// Removes the binding of `name` in this scope (not in parents).
  void erase(std::string_view name);
  /// Number of bindings in this scope (parents not counted).
  size_t size() const { return m_values.size(); }
  /// This scope's own bindings, sorted by name.
  const std::map<std::string, std::string, std::less<>>& values() const { return m_values; }
  /// The parent, or nullptr.
  const Scope* parent() const { return m_parent; }

 private:
  std::map<std::string, std::string, std::less<>> m_values;
  const Scope* m_parent = nullptr;
};

/// How unknown tags are treated.
enum class Mode {
  strict,   ///< an unknown tag with an Argo prefix (see is_argo_variable) is an error
  lenient,  ///< every unknown tag is left verbatim (e.g. pass 1 of Argo's two passes)
};

/// What substitute() saw besides the replacements it made.
struct SubstituteReport {
  /// Bodies (text after '=', trimmed) of the `{{=...}}` expression tags left verbatim, in order
  /// (lenient mode: variables not bound yet; or an expression completing a nested tag).
  std::vector<std::string> expressions;
};

/// True when `name` (a trimmed tag body) is in one of the namespaces Argo owns: `item`,
/// `retries` (exactly or followed by '.'), or one starting with `steps.`, `inputs.`,
/// `outputs.`, `pod.`, `workflow.`, `tasks.`, `lastRetry.`, `node.`. Other tags, such as
/// `{{foo}}` in a shell script or `{{ .Values }}`, belong to the user and are never touched.
bool is_argo_variable(std::string_view name);

/// Replaces each simple tag `{{name}}` in `text` whose whitespace-trimmed name is bound in
/// `scope` with its value, raw. One left-to-right scan: inserted values are not re-scanned.
/// A tag runs from "{{" to the next "}}"; an unclosed "{{" is kept verbatim.
/// - Unknown tags stay verbatim, except in strict mode for Argo variables, which fail with
///   `failed to resolve {{<tag>}}` (the tag text as written).
/// - Expression tags `{{=<expr>}}` are evaluated (evaluate_expression_tag) over every binding
///   of `scope` and its parents (ExprEnv::from_scope: strings, dotted names nested). On
///   failure (an error or a nil result), strict mode fails with the evaluation's message;
///   lenient mode keeps the tag verbatim (listed in `report`) when a variable it refers to is
///   not bound in `scope` (a later pass may bind it), and fails otherwise.
/// - An expression tag inside a nested tag (`{{steps.{{=e}}.x}}`) stays verbatim and is listed.
/// - Nested tags `{{steps.{{inputs.parameters.s}}.outputs.result}}`: the inner tag is replaced
///   first, then the outer tag it completes is resolved (Argo does that on a later pass). If
///   the inner tag is unknown, the whole outer tag is unknown.
util::Result<std::string> substitute(std::string_view text, const Scope& scope, Mode mode,
                                     SubstituteReport* report = nullptr);

}  // namespace expr
