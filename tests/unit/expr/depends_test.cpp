#include "expr/depends.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

namespace {

// "task" or "task.Result", then "@column", for comparing operand lists in one string.
std::string describe_operands(const std::vector<expr::DependsOperand>& operands) {
  std::string out;
  for (const expr::DependsOperand& operand : operands) {
    if (!out.empty()) {
      out += ' ';
    }
    out += operand.task;
    if (!operand.result_text.empty()) {
      out += '.' + operand.result_text;
    }
    out += fmt::format("@{}", operand.column);
  }
  return out;
}

struct ValidCase {
  std::string text;
  std::string canonical;  ///< to_string of the parsed tree
  std::string operands;   ///< describe_operands
};

struct InvalidCase {
  std::string text;
  uint32_t column;
  std::string message;
  expr::DependsErrorKind kind = expr::DependsErrorKind::syntax;
};

// One task state for evaluation: the results that hold for each task.
using Results = std::map<std::string, std::set<expr::TaskResult>>;

struct EvalCase {
  std::string text;
  Results results;
  bool expected;
};

const expr::TaskResult k_succeeded = expr::TaskResult::succeeded;
const expr::TaskResult k_failed = expr::TaskResult::failed;
const expr::TaskResult k_errored = expr::TaskResult::errored;
const expr::TaskResult k_skipped = expr::TaskResult::skipped;
const expr::TaskResult k_daemoned = expr::TaskResult::daemoned;
const expr::TaskResult k_omitted = expr::TaskResult::omitted;

bool run(const std::string& text, const Results& results,
         const expr::ContinueOnLookup& continue_on = {}) {
  const expr::DependsParse parsed = expr::parse_depends(text);
  INFO(text);
  REQUIRE(parsed.ok());
  return expr::evaluate(
      *parsed.expr,
      [&](std::string_view task, expr::TaskResult result) {
        auto it = results.find(std::string(task));
        return it != results.end() && it->second.count(result) > 0;
      },
      continue_on);
}

}  // namespace

TEST_CASE("parse_depends accepts valid expressions") {
  const std::vector<ValidCase> cases = {
      {"A", "A", "A@1"},
      {"A.Succeeded", "A.Succeeded", "A.Succeeded@1"},
      {"  A  ", "A", "A@3"},
      {"A && B", "A && B", "A@1 B@6"},
      {"A&&B||C", "A && B || C", "A@1 B@4 C@7"},
      {"A || B && C", "A || B && C", "A@1 B@6 C@11"},
      {"(A || B) && C", "(A || B) && C", "A@2 B@7 C@13"},
      {"A && (B && C)", "A && (B && C)", "A@1 B@7 C@12"},
      {"((A))", "A", "A@3"},
      {"!A", "!A", "A@2"},
      {"!!A.Failed", "!!A.Failed", "A.Failed@3"},
      {"!(A && B)", "!(A && B)", "A@3 B@8"},
      {"my-task.Succeeded || other-1.Failed", "my-task.Succeeded || other-1.Failed",
       "my-task.Succeeded@1 other-1.Failed@22"},
      {"5A && B-", "5A && B-", "5A@1 B-@7"},
      {"A.Errored || A.Skipped || A.Omitted || A.Daemoned",
       "A.Errored || A.Skipped || A.Omitted || A.Daemoned",
       "A.Errored@1 A.Skipped@14 A.Omitted@27 A.Daemoned@40"},
      {"task-1.AnySucceeded || task-2.AllFailed", "task-1.AnySucceeded || task-2.AllFailed",
       "task-1.AnySucceeded@1 task-2.AllFailed@24"},
      {"(task-2.Succeeded || task-2.Skipped) && !task-3.Failed",
       "(task-2.Succeeded || task-2.Skipped) && !task-3.Failed",
       "task-2.Succeeded@2 task-2.Skipped@22 task-3.Failed@42"},
      {"A &&\n  B", "A && B", "A@1 B@8"},
      {"and || or", "and || or", "and@1 or@8"},
  };
  for (const ValidCase& c : cases) {
    INFO(c.text);
    const expr::DependsParse parsed = expr::parse_depends(c.text);
    REQUIRE(parsed.errors.empty());
    REQUIRE(parsed.ok());
    CHECK(expr::to_string(*parsed.expr) == c.canonical);
    CHECK(describe_operands(parsed.expr->operands()) == c.operands);
    CHECK(describe_operands(parsed.operands) == c.operands);
    // The canonical form reads back as the same tree.
    const expr::DependsParse again = expr::parse_depends(c.canonical);
    REQUIRE(again.ok());
    CHECK(expr::to_string(*again.expr) == c.canonical);
  }
}

TEST_CASE("parse_depends reports syntax errors with a column") {
  const std::vector<InvalidCase> cases = {
      {"", 1, "expected a task name, found end of expression"},
      {"   ", 4, "expected a task name, found end of expression"},
      {"A &&", 5, "expected a task name, found end of expression"},
      {"A && && B", 6, "expected a task name, found '&&'"},
      {"|| A", 1, "expected a task name, found '||'"},
      {"A)", 2, "unexpected ')'"},
      {"()", 2, "expected a task name, found ')'"},
      {"(A || B", 8, "expected ')', found end of expression"},
      {"(A B)", 4, "expected ')', found 'B'"},
      {"A (B)", 3, "expected '&&' or '||', found '('"},
      {"A B", 3, "expected '&&' or '||', found 'B'"},
      {"A & B", 3, "unexpected character '&' (did you mean '&&'?)"},
      {"A | B", 3, "unexpected character '|' (did you mean '||'?)"},
      {"A && and_b", 9, "unexpected character '_'"},
      {"A and", 3, "expected '&&' or '||', found 'and'"},
      {"A.", 3, "expected a task result after 'A.'"},
      {"A. Succeeded", 3, "expected a task result after 'A.'"},
      {"A.Succeeded.Failed", 12, "unexpected character '.'"},
      {"'A'", 1, "unexpected character \"'\""},
      {"-A", 1, "unexpected character '-'"},
      {"!", 2, "expected a task name, found end of expression"},
      {"A == B", 3, "unexpected character '='"},
  };
  for (const InvalidCase& c : cases) {
    INFO(c.text);
    const expr::DependsParse parsed = expr::parse_depends(c.text);
    CHECK_FALSE(parsed.ok());
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.errors[0].kind == expr::DependsErrorKind::syntax);
    CHECK(parsed.errors[0].column == c.column);
    CHECK(parsed.errors[0].message == c.message);
  }
}

TEST_CASE("parse_depends reports every invalid task result and keeps all operands") {
  const expr::DependsParse parsed =
      expr::parse_depends("A.Foo && (B.succeeded || C.Failed) && D.Ok");
  CHECK_FALSE(parsed.ok());
  REQUIRE(parsed.errors.size() == 3);
  CHECK(parsed.errors[0].kind == expr::DependsErrorKind::invalid_result);
  CHECK(parsed.errors[0].column == 3);
  CHECK(parsed.errors[0].message == "task result 'Foo' for task 'A' is invalid");
  CHECK(parsed.errors[1].column == 13);
  CHECK(parsed.errors[1].message == "task result 'succeeded' for task 'B' is invalid");
  CHECK(parsed.errors[2].column == 41);
  CHECK(parsed.errors[2].message == "task result 'Ok' for task 'D' is invalid");
  CHECK(describe_operands(parsed.operands) == "A.Foo@1 B.succeeded@11 C.Failed@26 D.Ok@39");
  CHECK_FALSE(parsed.operands[0].result.has_value());
  REQUIRE(parsed.operands[2].result.has_value());
  CHECK(*parsed.operands[2].result == k_failed);
  CHECK(parsed.operands[2].result_column == 28);
}

TEST_CASE("parse_depends reports an invalid result before a later syntax error") {
  const expr::DependsParse parsed = expr::parse_depends("A.Bad && (B");
  REQUIRE(parsed.errors.size() == 2);
  CHECK(parsed.errors[0].kind == expr::DependsErrorKind::invalid_result);
  CHECK(parsed.errors[1].kind == expr::DependsErrorKind::syntax);
  CHECK(parsed.errors[1].column == 12);
  CHECK(describe_operands(parsed.operands) == "A.Bad@1 B@11");
}

TEST_CASE("parse_depends rejects absurd nesting instead of overflowing the stack") {
  const std::string deep = std::string(5000, '(') + "A" + std::string(5000, ')');
  const expr::DependsParse parsed = expr::parse_depends(deep);
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0].message == "expression is nested too deeply");

  std::string chain = "A";
  for (int i = 0; i < 2000; ++i) {
    chain += " && A";
  }
  const expr::DependsParse long_chain = expr::parse_depends(chain);
  REQUIRE(long_chain.errors.size() == 1);
  CHECK(long_chain.errors[0].message == "expression is nested too deeply");

  CHECK(expr::parse_depends(std::string(100, '!') + "A").ok());
}

TEST_CASE("task results convert to and from their names") {
  CHECK(expr::parse_task_result("AnySucceeded") == expr::TaskResult::any_succeeded);
  CHECK(expr::parse_task_result("AllFailed") == expr::TaskResult::all_failed);
  CHECK_FALSE(expr::parse_task_result("succeeded").has_value());
  CHECK(expr::to_string(expr::TaskResult::omitted) == "Omitted");
  CHECK(expr::is_items_result(expr::TaskResult::all_failed));
  CHECK_FALSE(expr::is_items_result(expr::TaskResult::failed));
}

TEST_CASE("evaluate follows Argo's semantics and precedence") {
  const std::vector<EvalCase> cases = {
      // A bare name accepts Succeeded, Skipped or Daemoned, nothing else.
      {"A", {{"A", {k_succeeded}}}, true},
      {"A", {{"A", {k_skipped}}}, true},
      {"A", {{"A", {k_daemoned}}}, true},
      {"A", {{"A", {k_failed}}}, false},
      {"A", {{"A", {k_errored}}}, false},
      {"A", {{"A", {k_omitted}}}, false},
      {"A.Failed", {{"A", {k_failed}}}, true},
      {"A.Failed", {{"A", {k_succeeded}}}, false},
      {"!A.Failed", {{"A", {k_succeeded}}}, true},
      // `!` binds tighter than `&&`: (!A.Failed) && B, not !(A.Failed && B).
      {"!A.Failed && B", {{"A", {k_failed}}, {"B", {k_succeeded}}}, false},
      {"!(A.Failed && B.Failed)", {{"A", {k_failed}}, {"B", {k_succeeded}}}, true},
      // `&&` binds tighter than `||`: A || (B && C).
      {"A || B && C", {{"A", {k_succeeded}}, {"B", {k_failed}}, {"C", {k_failed}}}, true},
      {"(A || B) && C", {{"A", {k_succeeded}}, {"B", {k_failed}}, {"C", {k_failed}}}, false},
      {"A && B || C", {{"A", {k_failed}}, {"B", {k_succeeded}}, {"C", {k_succeeded}}}, true},
      {"A && (B || C)", {{"A", {k_failed}}, {"B", {k_succeeded}}, {"C", {k_succeeded}}}, false},
      {"!A || B", {{"A", {k_succeeded}}, {"B", {k_failed}}}, false},
      {"my-task.Succeeded", {{"my-task", {k_succeeded}}}, true},
      {"A.AnySucceeded || B.AllFailed", {{"B", {expr::TaskResult::all_failed}}}, true},
      {"A.AnySucceeded", {{"A", {k_succeeded}}}, false},
  };
  for (const EvalCase& c : cases) {
    INFO(c.text);
    CHECK(run(c.text, c.results) == c.expected);
  }
}

TEST_CASE("evaluate widens a bare name by the dependency's continueOn") {
  const Results failed = {{"A", {k_failed}}, {"B", {k_errored}}};
  const expr::ContinueOnLookup continue_on = [](std::string_view task) {
    expr::DependsContinueOn flags;
    flags.failed = task == "A";
    flags.error = task == "B";
    return flags;
  };
  CHECK_FALSE(run("A", failed));
  CHECK(run("A", failed, continue_on));
  CHECK(run("B", failed, continue_on));
  CHECK(run("A && B", failed, continue_on));
  // continueOn.failed does not accept Errored, nor continueOn.error Failed.
  CHECK_FALSE(run("A", {{"A", {k_errored}}}, continue_on));
  CHECK_FALSE(run("B", {{"B", {k_failed}}}, continue_on));
  // An explicit result is never widened.
  CHECK_FALSE(run("A.Succeeded", failed, continue_on));
}
