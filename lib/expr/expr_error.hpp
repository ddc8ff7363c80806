/// The error the expression evaluator raises internally. Internal to expr: it never leaves the
/// module, evaluate_expression() turns it into a util::Error with the expression text and the
/// position. Evaluation is deeply recursive (closures inside builtins inside operators), and
/// expr itself reports runtime errors by panicking, so an exception is the direct translation;
/// every public entry point catches it.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

namespace expr::detail {

/// "No position known yet": the evaluator fills in the position of the node being evaluated.
inline constexpr std::size_t k_no_offset = static_cast<std::size_t>(-1);

/// An evaluation or parse failure: expr's message and the byte offset it refers to.
struct EvalError {
  std::string message;
  std::size_t offset = k_no_offset;
};

/// Throws EvalError{message} (position filled in by the caller's node).
[[noreturn]] inline void throw_error(std::string message) {
  throw EvalError{std::move(message), k_no_offset};
}

}  // namespace expr::detail
