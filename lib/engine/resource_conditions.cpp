#include "engine/resource_conditions.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

#include <fmt/format.h>

namespace engine {
namespace {

enum class TokenKind {
  end,
  identifier,
  bang,
  equals,
  double_equals,
  not_equals,
  greater,
  less,
  open,
  close,
  comma,
  in,
  not_in
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;
};

/// Kubernetes' selector lexer: punctuation, else a run of other characters.
std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  const auto special = [](char c) {
    return c == '!' || c == '=' || c == '>' || c == '<' || c == '(' || c == ')' || c == ',' ||
           std::isspace(static_cast<unsigned char>(c)) != 0;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
      continue;
    }
    const bool then_equals = i + 1 < text.size() && text[i + 1] == '=';
    switch (c) {
      case '!':
        tokens.push_back(then_equals ? Token{TokenKind::not_equals, "!="}
                                     : Token{TokenKind::bang, "!"});
        i += then_equals ? 2 : 1;
        continue;
      case '=':
        tokens.push_back(then_equals ? Token{TokenKind::double_equals, "=="}
                                     : Token{TokenKind::equals, "="});
        i += then_equals ? 2 : 1;
        continue;
      case '>':
        tokens.push_back({TokenKind::greater, ">"});
        ++i;
        continue;
      case '<':
        tokens.push_back({TokenKind::less, "<"});
        ++i;
        continue;
      case '(':
        tokens.push_back({TokenKind::open, "("});
        ++i;
        continue;
      case ')':
        tokens.push_back({TokenKind::close, ")"});
        ++i;
        continue;
      case ',':
        tokens.push_back({TokenKind::comma, ","});
        ++i;
        continue;
      default: break;
    }
    const std::size_t start = i;
    while (i < text.size() && !special(text[i])) {
      ++i;
    }
    std::string word(text.substr(start, i - start));
    const TokenKind kind = word == "in"      ? TokenKind::in
                           : word == "notin" ? TokenKind::not_in
                                             : TokenKind::identifier;
    tokens.push_back({kind, std::move(word)});
  }
  tokens.push_back({TokenKind::end, ""});
  return tokens;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (!text.empty() && text.front() == '+') {
    ++begin;
  }
  const auto [ptr, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || ptr != end || begin == end) {
    return std::nullopt;
  }
  return value;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : m_tokens(tokenize(text)) {}

  util::Result<std::vector<Requirement>> parse() {
    std::vector<Requirement> requirements;
    while (true) {
      auto requirement = parse_requirement();
      if (!requirement) {
        return requirement.error();
      }
      requirements.push_back(std::move(*requirement));
      const Token& next = take();
      if (next.kind == TokenKind::end) {
        break;
      }
      if (next.kind != TokenKind::comma) {
        return fail(next, "',' or end of string");
      }
    }
    std::stable_sort(requirements.begin(), requirements.end(),
                     [](const Requirement& a, const Requirement& b) { return a.key < b.key; });
    return requirements;
  }

 private:
  const Token& peek() const { return m_tokens[m_next]; }
  const Token& take() { return m_tokens[m_next < m_tokens.size() - 1 ? m_next++ : m_next]; }

  static util::Error fail(const Token& found, std::string_view expected) {
    return util::make_error(util::ErrorCode::invalid_input,
                            fmt::format("found '{}', expected: {}", found.text, expected));
  }

  util::Result<Requirement> parse_requirement() {
    Requirement requirement;
    if (peek().kind == TokenKind::bang) {
      take();
      requirement.op = SelectorOp::does_not_exist;
    }
    const Token& key = take();
    if (key.kind != TokenKind::identifier) {
      return fail(key, "identifier");
    }
    requirement.key = key.text;
    if (requirement.op == SelectorOp::does_not_exist || peek().kind == TokenKind::comma ||
        peek().kind == TokenKind::end) {
      return requirement;
    }
    const Token& op = take();
    switch (op.kind) {
      case TokenKind::equals: requirement.op = SelectorOp::equals; break;
      case TokenKind::double_equals: requirement.op = SelectorOp::double_equals; break;
      case TokenKind::not_equals: requirement.op = SelectorOp::not_equals; break;
      case TokenKind::greater: requirement.op = SelectorOp::greater; break;
      case TokenKind::less: requirement.op = SelectorOp::less; break;
      case TokenKind::in: requirement.op = SelectorOp::in; break;
      case TokenKind::not_in: requirement.op = SelectorOp::not_in; break;
      default: return fail(op, "in, notin, =, ==, !=, gt, lt");
    }
    if (requirement.op == SelectorOp::in || requirement.op == SelectorOp::not_in) {
      if (auto failed = parse_set(requirement)) {
        return *failed;
      }
      return requirement;
    }
    // An exact value may be empty (`a=`), but not another operator.
    if (peek().kind == TokenKind::identifier) {
      requirement.values.push_back(take().text);
    } else if (peek().kind == TokenKind::comma || peek().kind == TokenKind::end) {
      requirement.values.emplace_back();
    } else {
      return fail(peek(), "identifier");
    }
    if ((requirement.op == SelectorOp::greater || requirement.op == SelectorOp::less) &&
        !parse_int(requirement.values.front())) {
      return util::make_error(util::ErrorCode::invalid_input,
                              "for 'Gt', 'Lt' operators, the value must be an integer");
    }
    return requirement;
  }

  std::optional<util::Error> parse_set(Requirement& requirement) {
    const Token& open = take();
    if (open.kind != TokenKind::open) {
      return fail(open, "'('");
    }
    while (true) {
      if (peek().kind == TokenKind::identifier) {
        requirement.values.push_back(take().text);
      } else {
        requirement.values.emplace_back();  // `in (a,)` holds an empty value
      }
      const Token& next = take();
      if (next.kind == TokenKind::close) {
        return std::nullopt;
      }
      if (next.kind != TokenKind::comma) {
        return fail(next, "',' or ')'");
      }
    }
  }

  std::vector<Token> m_tokens;
  std::size_t m_next = 0;
};

/// Splits a gjson path on unescaped dots.
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts(1);
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '\\' && i + 1 < path.size()) {
      parts.back() += path[++i];
    } else if (path[i] == '.') {
      parts.emplace_back();
    } else {
      parts.back() += path[i];
    }
  }
  return parts;
}

}  // namespace

std::string Requirement::to_string() const {
  std::string text = op == SelectorOp::does_not_exist ? "!" + key : key;
  switch (op) {
    case SelectorOp::exists:
    case SelectorOp::does_not_exist: return text;
    case SelectorOp::equals: text += "="; break;
    case SelectorOp::double_equals: text += "=="; break;
    case SelectorOp::not_equals: text += "!="; break;
    case SelectorOp::greater: text += ">"; break;
    case SelectorOp::less: text += "<"; break;
    case SelectorOp::in: text += " in ("; break;
    case SelectorOp::not_in: text += " notin ("; break;
  }
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  text += fmt::format("{}", fmt::join(sorted, ","));
  if (op == SelectorOp::in || op == SelectorOp::not_in) {
    text += ")";
  }
  return text;
}

util::Result<std::vector<Requirement>> parse_condition(std::string_view text) {
  return Parser(text).parse();
}

const expr::JsonValue* json_at_path(const expr::JsonValue& object, std::string_view path) {
  const expr::JsonValue* at = &object;
  for (const std::string& part : split_path(path)) {
    if (at->kind() == expr::JsonKind::object) {
      at = at->find(part);
    } else if (at->kind() == expr::JsonKind::array) {
      const std::optional<std::int64_t> index = parse_int(part);
      if (!index || *index < 0 || static_cast<std::size_t>(*index) >= at->items().size()) {
        return nullptr;
      }
      at = &at->items()[static_cast<std::size_t>(*index)];
    } else {
      return nullptr;
    }
    if (at == nullptr) {
      return nullptr;
    }
  }
  return at;
}

std::string json_string(const expr::JsonValue& value) {
  switch (value.kind()) {
    case expr::JsonKind::null: return "";
    case expr::JsonKind::array:
    case expr::JsonKind::object: return expr::to_compact_json(value);
    default: return value.text();
  }
}

bool requirement_matches(const Requirement& requirement, const expr::JsonValue& object) {
  const expr::JsonValue* found = json_at_path(object, requirement.key);
  const auto has_value = [&](const std::string& actual) {
    return std::find(requirement.values.begin(), requirement.values.end(), actual) !=
           requirement.values.end();
  };
  switch (requirement.op) {
    case SelectorOp::exists: return found != nullptr;
    case SelectorOp::does_not_exist: return found == nullptr;
    case SelectorOp::equals:
    case SelectorOp::double_equals:
    case SelectorOp::in: return found != nullptr && has_value(json_string(*found));
    case SelectorOp::not_equals:
    case SelectorOp::not_in: return found == nullptr || !has_value(json_string(*found));
    case SelectorOp::greater:
    case SelectorOp::less: {
      if (found == nullptr || requirement.values.size() != 1) {
        return false;
      }
      const std::optional<std::int64_t> actual = parse_int(json_string(*found));
      const std::optional<std::int64_t> wanted = parse_int(requirement.values.front());
      if (!actual || !wanted) {
        return false;
      }
      return requirement.op == SelectorOp::greater ? *actual > *wanted : *actual < *wanted;
    }
  }
  return false;
}

ConditionVerdict match_conditions(const std::vector<Requirement>& success,
                                  const std::vector<Requirement>& failure,
                                  const expr::JsonValue& object) {
  for (const Requirement& requirement : failure) {
    if (requirement_matches(requirement, object)) {
      return {ConditionState::failed,
              fmt::format("failure condition '{}' evaluated true", requirement.to_string())};
    }
  }
  for (const Requirement& requirement : success) {
    if (!requirement_matches(requirement, object)) {
      return {ConditionState::waiting, {}};
    }
  }
  return {ConditionState::succeeded, {}};
}

}  // namespace engine
