/// The govaluate lexer and token-order check used by `when` (see when.hpp). Internal to expr.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace expr::when_detail {

/// govaluate's TokenKind values that can occur without parameters or functions.
enum class TokenKind {
  unknown,
  prefix,
  numeric,
  boolean,
  string,
  pattern,
  time,
  variable,
  accessor,
  separator,
  comparator,
  logicalop,
  modifier,
  clause,
  clause_close,
  ternary,
};

/// One token. `text` is the symbol, the string/variable content or the source of a number.
struct Token {
  TokenKind kind = TokenKind::unknown;
  std::string text;
  double number = 0;     ///< numeric and time tokens
  bool boolean = false;  ///< boolean tokens
};

/// The tokens, or govaluate's error message (empty when the text lexed).
struct LexResult {
  std::vector<Token> tokens;
  std::string error;
};

/// govaluate parseTokens + checkBalance: splits `text` into tokens.
LexResult lex_when(std::string_view text);

/// govaluate checkBalance: "Unbalanced parenthesis" or "".
std::string check_balance(const std::vector<Token>& tokens);

/// govaluate checkExpressionSyntax: "Cannot transition token types from ..." or "".
std::string check_syntax(const std::vector<Token>& tokens);

/// Go's `%v` of a float64 (`1`, `0.5`, `1e+21`, `+Inf`).
std::string format_go_float(double value);

}  // namespace expr::when_detail
