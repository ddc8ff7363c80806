/// The lexer of the expression language (expr-lang/expr's lexer). Internal to expr.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace expr::detail {

/// expr's token kinds. Word operators (`and`, `in`, `not`, `matches`, ...) are operators.
enum class TokenKind { identifier, number, string, op, bracket, eof };

/// One token.
struct Token {
  TokenKind kind = TokenKind::eof;
  std::string value;       ///< the text; for strings the decoded content
  std::size_t offset = 0;  ///< byte offset of the token in the source

  /// True when this is `kind` with text `text`.
  bool is(TokenKind k, std::string_view text) const { return kind == k && value == text; }
  /// expr's rendering in messages: `Operator("*")`, `Identifier("x")`, `EOF`.
  std::string describe() const;
};

/// Splits `source` into tokens ending with an EOF token. Throws EvalError with expr's message
/// (`literal not terminated`, `unrecognized character: U+0040 '@'`) at the offending offset.
std::vector<Token> lex(std::string_view source);

/// True for expr's word operators (`and`, `or`, `not`, `in`, `matches`, `contains`,
/// `startsWith`, `endsWith`, `let`, `if`, `else`), which may still be used as property names
/// (`a.in`).
bool is_word_operator(std::string_view word);

}  // namespace expr::detail
