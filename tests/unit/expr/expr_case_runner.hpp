// Shared table runner for the expression-language tests (expr_*_test.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "expr/expr_env.hpp"
#include "expr/expr_eval.hpp"

namespace expr_test {

/// One table row: an expression and what its `{{=...}}` tag renders to, or, when `expected`
/// starts with '!', a substring of the error message.
struct Case {
  std::string text;
  std::string expected;
};

/// The fixed time the test clock returns: 2024-03-05T06:07:08Z.
inline constexpr std::int64_t k_test_now = 1709618828LL * 1000000000LL;

/// Evaluates every row in `env` (rendered as a `{{=` tag is) and checks it.
inline void run_cases(const std::vector<Case>& cases, const expr::ExprEnv& env) {
  for (const Case& c : cases) {
    INFO("expression: " << c.text);
    const auto result = expr::evaluate_expression_tag(c.text, env);
    if (!c.expected.empty() && c.expected[0] == '!') {
      INFO("result: " << (result.ok() ? *result : std::string("<error>")));
      CHECK_FALSE(result.ok());
      if (!result.ok()) {
        CHECK_THAT(result.error().message, Catch::Matchers::Contains(c.expected.substr(1)));
      }
    } else {
      INFO("error: " << (result.ok() ? std::string() : result.error().message));
      CHECK(result.ok());
      if (result.ok()) {
        CHECK(*result == c.expected);
      }
    }
  }
}

}  // namespace expr_test
