#include "expr/expr_eval.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_functions.hpp"
#include "expr/expr_parser.hpp"
#include "expr/expr_time.hpp"

namespace expr {
namespace {

using detail::EvalError;
using detail::k_no_offset;
using detail::Node;
using detail::NodeKind;
using detail::throw_error;

/// Deeper evaluation recursion than this is refused (closures calling closures ...).
constexpr int k_max_depth = 1000;

/// Thrown by an optional step (`?.`) on nil; the enclosing chain node turns it into nil.
struct ChainNil {};

bool is_sprig_call(const Node& node) {
  return node.kind == NodeKind::method && node.children[0]->kind == NodeKind::identifier &&
         node.children[0]->text == "sprig";
}

class Evaluator {
 public:
  explicit Evaluator(const ExprEnv& env) : m_env(env) {}

  ExprValue eval(const Node& node) {
    if (++m_depth > k_max_depth) {
      throw EvalError{"expression is nested too deeply", node.offset};
    }
    try {
      ExprValue value = eval_node(node);
      --m_depth;
      return value;
    } catch (EvalError& error) {
      --m_depth;
      if (error.offset == k_no_offset) {
        error.offset = node.offset;
      }
      throw;
    } catch (...) {
      --m_depth;
      throw;
    }
  }

  // Fails on the first name that is neither let-bound nor in the environment (expr checks
  // names at compile time, before anything runs).
  void check_names(const Node& node, std::vector<std::string>& locals) const {
    if (node.kind == NodeKind::identifier && !is_local(locals, node.text) &&
        m_env.find(node.text) == nullptr) {
      throw EvalError{"unknown name " + node.text, node.offset};
    }
    if (node.kind == NodeKind::let) {
      check_names(*node.children[0], locals);
      locals.push_back(node.text);
      check_names(*node.children[1], locals);
      locals.pop_back();
      return;
    }
    const size_t first = is_sprig_call(node) ? 1 : 0;
    for (size_t i = first; i < node.children.size(); ++i) {
      if (node.children[i]) {
        check_names(*node.children[i], locals);
      }
    }
  }

 private:
  struct Frame {
    const ExprValue* item;
    std::int64_t index;
    const ExprValue* acc;
  };

  static bool is_local(const std::vector<std::string>& locals, const std::string& name) {
    return std::find(locals.begin(), locals.end(), name) != locals.end();
  }

  ExprValue eval_node(const Node& node) {
    switch (node.kind) {
      case NodeKind::nil: return {};
      case NodeKind::boolean: return ExprValue::boolean(node.flag);
      case NodeKind::integer: return ExprValue::integer(node.int_value);
      case NodeKind::floating: return ExprValue::floating(node.float_value);
      case NodeKind::string: return ExprValue::string(node.text);
      case NodeKind::identifier: return lookup(node.text);
      case NodeKind::pointer: return pointer(node);
      case NodeKind::unary: return detail::apply_unary(node.text, eval(*node.children[0]));
      case NodeKind::binary: return binary(node);
      case NodeKind::conditional: return conditional(node);
      case NodeKind::member: return member(node);
      case NodeKind::slice: return slice(node);
      case NodeKind::call: return call(node);
      case NodeKind::method: return method(node);
      case NodeKind::array: return array(node);
      case NodeKind::map: return map(node);
      case NodeKind::closure: throw_error("a predicate can only be an argument of a builtin");
      case NodeKind::chain: return chain(node);
      case NodeKind::let: return let(node);
    }
    return {};
  }

  ExprValue lookup(const std::string& name) const {
    for (auto it = m_locals.rbegin(); it != m_locals.rend(); ++it) {
      if (it->first == name) {
        return it->second;
      }
    }
    if (const ExprValue* value = m_env.find(name)) {
      return *value;
    }
    if (m_env.undefined_names() == UndefinedNames::nil) {
      return {};
    }
    throw_error("unknown name " + name);
  }

  ExprValue pointer(const Node& node) const {
    if (m_frames.empty()) {
      throw_error("cannot use pointer accessor outside predicate");
    }
    const Frame& frame = m_frames.back();
    if (node.text.empty()) {
      return *frame.item;
    }
    if (node.text == "index") {
      return ExprValue::integer(frame.index);
    }
    if (node.text == "acc" && frame.acc != nullptr) {
      return *frame.acc;
    }
    throw_error("unknown pointer #" + node.text);
  }

  ExprValue binary(const Node& node) {
    const std::string& op = node.text;
    if (op == "&&" || op == "and" || op == "||" || op == "or") {
      const bool is_and = op == "&&" || op == "and";
      const bool left = detail::require_bool(eval(*node.children[0]));
      if (left != is_and) {
        return ExprValue::boolean(left);
      }
      return ExprValue::boolean(detail::require_bool(eval(*node.children[1])));
    }
    if (op == "??") {
      // The left side's member chain is nil-safe: Argo's skipped-output fallbacks
      // (`tasks.x.outputs.parameters.p ?? 'd'`, x Skipped, so it has no outputs) rely on it.
      ++m_nil_safe;
      ExprValue left;
      try {
        left = eval(*node.children[0]);
      } catch (...) {
        --m_nil_safe;
        throw;
      }
      --m_nil_safe;
      return left.is_nil() ? eval(*node.children[1]) : left;
    }
    ExprValue left = eval(*node.children[0]);
    ExprValue right = eval(*node.children[1]);
    return detail::apply_binary(op, left, right);
  }

  ExprValue conditional(const Node& node) {
    if (!node.children[1]) {  // `a ?: b`
      ExprValue cond = eval(*node.children[0]);
      return detail::require_bool(cond) ? cond : eval(*node.children[2]);
    }
    const bool cond = detail::require_bool(eval(*node.children[0]));
    return eval(*node.children[cond ? 1 : 2]);
  }

  ExprValue member(const Node& node) {
    ExprValue object = eval(*node.children[0]);
    if (node.flag && object.is_nil()) {
      throw ChainNil{};
    }
    if (m_nil_safe > 0 && object.is_nil()) {
      return ExprValue();
    }
    const Node& property = *node.children[1];
    if (property.kind == NodeKind::string && object.kind() == ValueKind::map) {
      const ExprValue* found = object.find(property.text);
      return found != nullptr ? *found : ExprValue();
    }
    return detail::fetch_member(object, eval(property));
  }

  ExprValue slice(const Node& node) {
    ExprValue object = eval(*node.children[0]);
    std::optional<ExprValue> from;
    std::optional<ExprValue> to;
    if (node.children[1]) {
      from = eval(*node.children[1]);
    }
    if (node.children[2]) {
      to = eval(*node.children[2]);
    }
    return detail::slice_value(object, from ? &*from : nullptr, to ? &*to : nullptr);
  }

  ExprValue chain(const Node& node) {
    try {
      return eval(*node.children[0]);
    } catch (const ChainNil&) {
      return {};
    }
  }

  ExprValue let(const Node& node) {
    ExprValue value = eval(*node.children[0]);
    m_locals.emplace_back(node.text, std::move(value));
    struct Pop {
      std::vector<std::pair<std::string, ExprValue>>& locals;
      ~Pop() { locals.pop_back(); }
    } pop{m_locals};
    return eval(*node.children[1]);
  }

  ExprValue array(const Node& node) {
    ExprValue::Array items;
    items.reserve(node.children.size());
    for (const auto& child : node.children) {
      items.push_back(eval(*child));
    }
    return ExprValue::array(std::move(items));
  }

  ExprValue map(const Node& node) {
    ExprValue::Map entries;
    for (size_t i = 0; i + 1 < node.children.size(); i += 2) {
      ExprValue key = eval(*node.children[i]);
      std::string name = key.kind() == ValueKind::string ? key.as_string() : format_go_value(key);
      entries.insert_or_assign(std::move(name), eval(*node.children[i + 1]));
    }
    return ExprValue::map(std::move(entries));
  }

  detail::Args arguments(const Node& node, size_t first) {
    detail::Args args;
    for (size_t i = first; i < node.children.size(); ++i) {
      args.push_back(eval(*node.children[i]));
    }
    return args;
  }

  ExprValue call(const Node& node) {
    if (detail::is_predicate_builtin(node.text)) {
      return predicate_call(node);
    }
    const detail::NativeFunction fn = detail::find_builtin(node.text);
    if (fn == nullptr) {
      throw_error("unknown func " + node.text);
    }
    const detail::Args args = arguments(node, 0);
    return fn(args, detail::CallContext{m_env, node.text});
  }

  ExprValue predicate_call(const Node& node) {
    ExprValue collection = eval(*node.children[0]);
    const Node* body = node.children.size() > 1 ? node.children[1]->children[0].get() : nullptr;
    std::optional<ExprValue> extra;
    if (node.children.size() > 2) {
      extra = eval(*node.children[2]);
    }
    detail::Predicate predicate = [this, body](const ExprValue& item, std::int64_t index,
                                               const ExprValue* acc) {
      m_frames.push_back(Frame{&item, index, acc});
      struct Pop {
        std::vector<Frame>& frames;
        ~Pop() { frames.pop_back(); }
      } pop{m_frames};
      return eval(*body);
    };
    return detail::call_predicate_builtin(
        node.text, collection, body != nullptr ? &predicate : nullptr, extra ? &*extra : nullptr);
  }

  ExprValue method(const Node& node) {
    if (is_sprig_call(node) && m_env.find("sprig") == nullptr) {
      const detail::NativeFunction fn = detail::find_sprig_function(node.text);
      if (fn == nullptr) {
        throw_error("unknown sprig function " + node.text);
      }
      const detail::Args args = arguments(node, 1);
      return fn(args, detail::CallContext{m_env, node.text});
    }
    ExprValue object = eval(*node.children[0]);
    if (node.flag && object.is_nil()) {
      throw ChainNil{};
    }
    const detail::Args args = arguments(node, 1);
    if (object.kind() == ValueKind::time || object.kind() == ValueKind::duration) {
      return time_detail::call_time_method(object, node.text, args);
    }
    throw_error(fmt::format("type {} has no method {}", go_type_name(object), node.text));
  }

  const ExprEnv& m_env;
  std::vector<Frame> m_frames;
  std::vector<std::pair<std::string, ExprValue>> m_locals;
  int m_depth = 0;
  int m_nil_safe = 0;  ///< inside the left side of `??`: member access on nil is nil
};

// 1-based line and column (in UTF-8 characters) of a byte offset.
std::string position(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return fmt::format("({}:{})", line, column);
}

util::Error located_error(std::string_view verb, std::string_view text, const EvalError& e) {
  const size_t offset = e.offset == k_no_offset ? 0 : e.offset;
  return util::make_error(
      util::ErrorCode::invalid_input,
      fmt::format("{} expression '{}': {} {}", verb, text, e.message, position(text, offset)));
}

util::Result<detail::NodePtr> parse(std::string_view text) {
  try {
    return detail::parse_expression_tree(text);
  } catch (const EvalError& e) {
    return located_error("cannot parse", text, e);
  }
}

void collect_paths(const Node& node, std::vector<std::string>& locals,
                   std::vector<std::string>& out, std::set<std::string>& seen);

// The constant member path of `node` (`a.b['c']`), or "" when it has none.
std::string member_path(const Node& node, const std::vector<std::string>& locals) {
  if (node.kind == NodeKind::identifier) {
    const bool local = std::find(locals.begin(), locals.end(), node.text) != locals.end();
    return local || node.text == "sprig" ? "" : node.text;
  }
  if (node.kind != NodeKind::member || node.children[1]->kind != NodeKind::string) {
    return "";
  }
  const std::string parent = member_path(*node.children[0], locals);
  return parent.empty() ? "" : parent + "." + node.children[1]->text;
}

void collect_paths(const Node& node, std::vector<std::string>& locals,
                   std::vector<std::string>& out, std::set<std::string>& seen) {
  if (node.kind == NodeKind::let) {
    collect_paths(*node.children[0], locals, out, seen);
    locals.push_back(node.text);
    collect_paths(*node.children[1], locals, out, seen);
    locals.pop_back();
    return;
  }
  for (const auto& child : node.children) {
    if (child) {
      collect_paths(*child, locals, out, seen);
    }
  }
  const std::string path = member_path(node, locals);
  if (!path.empty() && seen.insert(path).second) {
    out.push_back(path);
  }
}

}  // namespace

util::Result<ExprValue> evaluate_expression(std::string_view text, const ExprEnv& env) {
  auto tree = parse(text);
  if (!tree.ok()) {
    return tree.error();
  }
  Evaluator evaluator(env);
  try {
    if (env.undefined_names() == UndefinedNames::error) {
      std::vector<std::string> locals;
      evaluator.check_names(**tree, locals);
    }
    return evaluator.eval(**tree);
  } catch (const EvalError& e) {
    return located_error("failed to evaluate", text, e);
  } catch (const ChainNil&) {
    return ExprValue();
  }
}

util::Result<bool> check_expression_syntax(std::string_view text) {
  auto tree = parse(text);
  if (!tree.ok()) {
    return tree.error();
  }
  return true;
}

util::Result<std::string> render_expression_result(const ExprValue& value,
                                                   std::string_view expression) {
  switch (value.kind()) {
    case ValueKind::nil:
      return util::make_error(util::ErrorCode::invalid_input,
                              "failed to evaluate expression " + quote_go_string(expression));
    case ValueKind::string: return value.as_string();
    case ValueKind::time: return time_detail::format_rfc3339_nano(value.as_nanos());
    default: break;
  }
  auto json = to_json(value, JsonLayout::compact);
  if (!json.ok()) {
    return util::make_error(util::ErrorCode::invalid_input,
                            "failed to marshal evaluated expression: " + json.error().message);
  }
  return std::move(json).value();
}

util::Result<std::string> evaluate_expression_tag(std::string_view text, const ExprEnv& env) {
  auto value = evaluate_expression(text, env);
  if (!value.ok()) {
    return value.error();
  }
  return render_expression_result(*value, text);
}

util::Result<std::vector<std::string>> referenced_variables(std::string_view text) {
  auto tree = parse(text);
  if (!tree.ok()) {
    return tree.error();
  }
  std::vector<std::string> locals;
  std::vector<std::string> out;
  std::set<std::string> seen;
  collect_paths(**tree, locals, out, seen);
  return out;
}

}  // namespace expr
