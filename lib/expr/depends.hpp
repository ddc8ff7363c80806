/// Argo's enhanced `depends` expressions of dag tasks: parsing, evaluation and printing.
///
/// Grammar (`!` binds tighter than `&&`, which binds tighter than `||`):
///   or      := and ( "||" and )*
///   and     := unary ( "&&" unary )*
///   unary   := "!" unary | "(" or ")" | operand
///   operand := NAME [ "." RESULT ]      NAME = [a-zA-Z0-9][-a-zA-Z0-9]*
/// Task names keep their `-`: Argo replaces `-` by `_` only to make identifiers for its
/// expression engine, so `my-task.Succeeded` names the task `my-task`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace expr {

/// The `.Result` part of an operand.
enum class TaskResult {
  succeeded,
  failed,
  errored,
  skipped,
  omitted,
  daemoned,
  any_succeeded,  ///< some child of a looping task Succeeded
  all_failed,     ///< a looping task has children and all of them Failed
};

/// "Succeeded", "AnySucceeded", ... as written in expressions.
std::string_view to_string(TaskResult result);
/// The result named `name` (case-sensitive, as Argo), or nullopt.
std::optional<TaskResult> parse_task_result(std::string_view name);
/// AnySucceeded and AllFailed only make sense for tasks with withItems/withParam/withSequence.
bool is_items_result(TaskResult result);

/// One `task` or `task.Result` reference, in the order it appears in the expression.
struct DependsOperand {
  std::string task;  ///< as written, `-` included
  /// The result; nullopt for a bare name (and for a result word that is not valid).
  std::optional<TaskResult> result;
  std::string result_text;     ///< the word after '.' as written; "" for a bare name
  uint32_t column = 0;         ///< 1-based column of the task name in the expression
  uint32_t result_column = 0;  ///< 1-based column of the result word; 0 for a bare name
};

/// operand: `A` / `A.Result`; negate: `!x`; all_of: `x && y`; any_of: `x || y`.
enum class DependsNodeKind { operand, negate, all_of, any_of };

/// A node of the expression tree. Nodes live in DependsExpr::nodes(); children are indices.
struct DependsNode {
  DependsNodeKind kind = DependsNodeKind::operand;
  uint32_t lhs = 0;  ///< operand: index into operands(); negate: the child; all_of/any_of: left
  uint32_t rhs = 0;  ///< all_of/any_of: the right child
};

/// A parsed, valid `depends` expression.
class DependsExpr {
 public:
  /// Made by parse_depends; `root` indexes `nodes`.
  DependsExpr(std::vector<DependsOperand> operands, std::vector<DependsNode> nodes, uint32_t root);

  /// Every operand, in source order (a task may appear several times).
  const std::vector<DependsOperand>& operands() const { return m_operands; }
  /// The tree as a node vector; root() is the top node.
  const std::vector<DependsNode>& nodes() const { return m_nodes; }
  /// Index of the top node in nodes().
  uint32_t root() const { return m_root; }

 private:
  std::vector<DependsOperand> m_operands;
  std::vector<DependsNode> m_nodes;
  uint32_t m_root = 0;
};

/// Lint reports the two kinds with different wording (Argo's, for invalid results).
enum class DependsErrorKind {
  syntax,          ///< the text is not an expression
  invalid_result,  ///< `task.Foo` with a result Argo does not know
};

/// A parse problem; `column` is 1-based in the expression text.
struct DependsError {
  DependsErrorKind kind = DependsErrorKind::syntax;
  uint32_t column = 0;
  std::string message;
};

/// What parse_depends returns. An invalid result word does not stop the parser, so `operands`
/// is complete in that case and callers can still check which tasks are named; after a
/// syntax error `operands` holds those read before it.
struct DependsParse {
  std::optional<DependsExpr> expr;   ///< set exactly when `errors` is empty
  std::vector<DependsError> errors;  ///< invalid results in order, then at most one syntax error
  std::vector<DependsOperand> operands;  ///< same as expr->operands() when ok()

  /// True when the text is a valid expression.
  bool ok() const { return expr.has_value(); }
};

/// Parses a `depends` expression. Never throws.
DependsParse parse_depends(std::string_view text);

/// The dependency's `continueOn`, which widens what a bare name accepts.
struct DependsContinueOn {
  bool failed = false;  ///< a bare name also accepts `.Failed`
  bool error = false;   ///< a bare name also accepts `.Errored`
};

/// Whether task `task` ended with `result` (AnySucceeded/AllFailed included).
using TaskResultLookup = std::function<bool(std::string_view task, TaskResult result)>;
/// The continueOn of dependency task `task` (the task named in the expression, not the
/// task that owns the expression), as Argo's ancestry.go:expandDependency reads it.
using ContinueOnLookup = std::function<DependsContinueOn(std::string_view task)>;

/// Evaluates `expr`. An operand with a result asks `has_result`. A bare name `A` means
/// `A.Succeeded || A.Skipped || A.Daemoned`, plus `|| A.Errored` when continue_on(A).error
/// and `|| A.Failed` when continue_on(A).failed; without `continue_on` neither is added.
bool evaluate(const DependsExpr& expr, const TaskResultLookup& has_result,
              const ContinueOnLookup& continue_on = {});

/// The expression in canonical form: operators spaced (`A && !B.Failed`), parentheses only
/// where precedence needs them. Parsing the result gives the same tree.
std::string to_string(const DependsExpr& expr);

}  // namespace expr
