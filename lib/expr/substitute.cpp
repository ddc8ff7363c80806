#include "expr/substitute.hpp"

#include <array>
#include <cctype>
#include <optional>

#include "expr/expr_env.hpp"
#include "expr/expr_eval.hpp"

namespace expr {
namespace {

constexpr std::string_view k_open = "{{";
constexpr std::string_view k_close = "}}";

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

bool is_expression(std::string_view name) {
  return !name.empty() && name.front() == '=';
}

// True when `path` is bound in the scope chain, or is the parent of a bound dotted name
// (`inputs.parameters` when `inputs.parameters.x` is bound): the expression environment then
// has a value (or a map) there.
bool is_available(const Scope& scope, std::string_view path) {
  for (const Scope* s = &scope; s != nullptr; s = s->parent()) {
    for (auto it = s->values().lower_bound(path); it != s->values().end(); ++it) {
      const std::string& key = it->first;
      if (key.compare(0, path.size(), path) != 0) {
        break;  // sorted: no later key starts with `path`
      }
      if (key.size() == path.size() || key[path.size()] == '.') {
        return true;
      }
    }
  }
  return false;
}

// True when some variable `text` refers to is not in `scope` yet (a later pass may bind it).
bool has_unbound_variables(std::string_view text, const Scope& scope) {
  const util::Result<std::vector<std::string>> names = referenced_variables(text);
  if (!names.ok()) {
    return false;  // a syntax error: no later pass can fix it
  }
  for (const std::string& name : *names) {
    if (!is_available(scope, name)) {
      return true;
    }
  }
  return false;
}

// One left-to-right scan over the text; see substitute() in the header for the rules.
class Substituter {
 public:
  Substituter(std::string_view text, const Scope& scope, Mode mode, SubstituteReport* report)
      : m_text(text), m_scope(scope), m_mode(mode), m_report(report) {}

  util::Result<std::string> run() {
    while (m_pos < m_text.size()) {
      const size_t open = m_text.find(k_open, m_pos);
      const size_t close = open == std::string_view::npos ? open : m_text.find(k_close, open + 2);
      if (close == std::string_view::npos) {
        break;  // no (closed) tag left: the rest is plain text
      }
      m_out.append(m_text.substr(m_pos, open - m_pos));
      m_pos = close + 2;
      const std::string_view raw = m_text.substr(open + 2, close - open - 2);
      // As Argo (simple_template.go): a "{{" inside the tag, not at its start, is a nested tag.
      const size_t inner = raw.rfind(k_open);
      const bool ok = is_expression(trim(raw)) || inner == std::string_view::npos || inner == 0
                          ? replace_tag(raw)
                          : replace_nested(raw.substr(0, inner), raw.substr(inner + 2));
      if (!ok) {
        return util::make_error(util::ErrorCode::invalid_input, m_error);
      }
    }
    m_out.append(m_text.substr(std::min(m_pos, m_text.size())));
    return std::move(m_out);
  }

 private:
  // `raw` is the text between "{{" and "}}" as written.
  bool replace_tag(std::string_view raw) {
    const std::string_view name = trim(raw);
    if (is_expression(name)) {
      return replace_expression(raw, trim(name.substr(1)));
    }
    if (const std::string* value = m_scope.find(name)) {
      m_out.append(*value);
      return true;
    }
    return unresolved(raw, name);
  }

  // The tag `{{<prefix>{{<inner>}}` was read; the outer tag's tail runs to the next "}}".
  bool replace_nested(std::string_view prefix, std::string_view inner) {
    const std::string_view inner_name = trim(inner);
    const std::string* inner_value = is_expression(inner_name) ? nullptr : m_scope.find(inner_name);
    const std::string whole = std::string(prefix) + "{{" + std::string(inner);
    if (is_expression(inner_name)) {
      if (m_report != nullptr) {
        m_report->expressions.emplace_back(trim(inner_name.substr(1)));
      }
      append_verbatim(whole);
      return true;
    }
    if (inner_value == nullptr) {
      return unresolved(whole, trim(whole));
    }
    std::string outer = std::string(prefix) + *inner_value;
    const size_t close = m_text.find(k_close, m_pos);
    if (close == std::string_view::npos) {
      // The outer tag never closes: keep it as text, with the inner tag replaced (as Argo).
      m_out.append(k_open).append(outer);
      return true;
    }
    outer.append(m_text.substr(m_pos, close - m_pos));
    m_pos = close + 2;
    const std::string_view outer_name = trim(outer);
    if (const std::string* value = m_scope.find(outer_name)) {
      m_out.append(*value);
      return true;
    }
    return unresolved(outer, outer_name);
  }

  // `{{=<body>}}`: evaluated over the scope's variables (spec 4.8). A failure fails strict
  // mode; lenient mode keeps the tag for a later pass when a variable is not bound yet.
  bool replace_expression(std::string_view raw, std::string_view body) {
    if (!m_env) {
      m_env = ExprEnv::from_scope(m_scope);
    }
    util::Result<std::string> text = evaluate_expression_tag(body, *m_env);
    if (text.ok()) {
      m_out.append(*text);
      return true;
    }
    if (m_mode == Mode::lenient && has_unbound_variables(body, m_scope)) {
      if (m_report != nullptr) {
        m_report->expressions.emplace_back(body);
      }
      append_verbatim(raw);
      return true;
    }
    m_error = text.error().message;
    return false;
  }

  bool unresolved(std::string_view raw, std::string_view name) {
    if (m_mode == Mode::strict && is_argo_variable(name)) {
      m_error = "failed to resolve {{" + std::string(raw) + "}}";
      return false;
    }
    append_verbatim(raw);
    return true;
  }

  void append_verbatim(std::string_view raw) { m_out.append(k_open).append(raw).append(k_close); }

  std::string_view m_text;
  const Scope& m_scope;
  Mode m_mode;
  SubstituteReport* m_report;
  std::optional<ExprEnv> m_env;  // built on the first expression tag
  size_t m_pos = 0;
  std::string m_out;
  std::string m_error;
};

}  // namespace

void Scope::set(std::string name, std::string value) {
  m_values.insert_or_assign(std::move(name), std::move(value));
}

const std::string* Scope::find(std::string_view name) const {
  for (const Scope* scope = this; scope != nullptr; scope = scope->m_parent) {
    const auto it = scope->m_values.find(name);
    if (it != scope->m_values.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

void Scope::erase(std::string_view name) {
  const auto it = m_values.find(name);
  if (it != m_values.end()) {
    m_values.erase(it);
  }
}

bool is_argo_variable(std::string_view name) {
  static constexpr std::array<std::string_view, 2> k_words = {"item", "retries"};
  static constexpr std::array<std::string_view, 8> k_prefixes = {
      "steps.", "inputs.", "outputs.", "pod.", "workflow.", "tasks.", "lastRetry.", "node."};
  for (const std::string_view word : k_words) {
    if (name.substr(0, word.size()) == word &&
        (name.size() == word.size() || name[word.size()] == '.')) {
      return true;
    }
  }
  for (const std::string_view prefix : k_prefixes) {
    if (name.substr(0, prefix.size()) == prefix) {
      return true;
    }
  }
  return false;
}

util::Result<std::string> substitute(std::string_view text, const Scope& scope, Mode mode,
                                     SubstituteReport* report) {
  return Substituter(text, scope, mode, report).run();
}

}  // namespace expr
