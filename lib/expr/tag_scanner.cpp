#include "expr/tag_scanner.hpp"

#include <cctype>

namespace expr {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

}  // namespace

std::vector<Tag> scan_tags(std::string_view text) {
  std::vector<Tag> tags;
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      break;
    }
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      break;
    }
    // Innermost: the last "{{" before this "}}".
    const size_t inner = text.rfind("{{", close);
    if (inner != std::string_view::npos && inner > open) {
      open = inner;
    }
    Tag tag;
    tag.begin = open;
    tag.end = close + 2;
    const std::string_view body = text.substr(open + 2, close - open - 2);
    const std::string_view trimmed = trim(body);
    if (!trimmed.empty() && trimmed.front() == '=') {
      tag.kind = TagKind::expression;
      tag.body = std::string(trim(trimmed.substr(1)));
    } else {
      tag.body = std::string(trimmed);
    }
    tags.push_back(std::move(tag));
    pos = close + 2;
  }
  return tags;
}

std::vector<std::string> expression_references(std::string_view e) {
  std::vector<std::string> refs;
  std::vector<char> brackets;
  char previous = 0;  // last non-space character before the current token
  size_t i = 0;
  while (i < e.size()) {
    const char c = e[i];
    if (c == '{' || c == '(' || c == '[') {
      brackets.push_back(c);
    } else if ((c == '}' || c == ')' || c == ']') && !brackets.empty()) {
      brackets.pop_back();
    }
    if (c != ' ' && !is_ident_char(c)) {
      previous = c;
    }
    if (c == '"' || c == '\'' || c == '`') {
      const char quote = c;
      ++i;
      while (i < e.size() && e[i] != quote) {
        i += e[i] == '\\' ? 2 : 1;
      }
      ++i;
      continue;
    }
    if (c == '#' || (c == '.' && i + 1 < e.size() && is_ident_start(e[i + 1]))) {
      // `#` closure variables and `.field` after a call or index are not free names.
      ++i;
      while (i < e.size() && is_ident_char(e[i])) {
        ++i;
      }
      continue;
    }
    if (!is_ident_start(c) || (i > 0 && is_ident_char(e[i - 1]))) {
      ++i;
      continue;
    }
    std::string path;
    while (i < e.size()) {
      const size_t start = i;
      while (i < e.size() && is_ident_char(e[i])) {
        ++i;
      }
      path.append(e.substr(start, i - start));
      if (i + 1 < e.size() && e[i] == '.' && is_ident_start(e[i + 1])) {
        path += '.';
        ++i;
        continue;
      }
      if (i + 2 < e.size() && e[i] == '[' && (e[i + 1] == '\'' || e[i + 1] == '"')) {
        const char quote = e[i + 1];
        const size_t close = e.find(quote, i + 2);
        if (close != std::string_view::npos && close + 1 < e.size() && e[close + 1] == ']') {
          path += '.';
          path.append(e.substr(i + 2, close - i - 2));
          i = close + 2;
          if (i + 1 < e.size() && e[i] == '.' && is_ident_start(e[i + 1])) {
            path += '.';
            ++i;
            continue;
          }
          if (i < e.size() && e[i] == '[') {
            continue;
          }
        }
      }
      break;
    }
    // Skip a function call name and a map key (`{name: ...}`).
    size_t j = i;
    while (j < e.size() && e[j] == ' ') {
      ++j;
    }
    const bool in_map = !brackets.empty() && brackets.back() == '{';
    const bool is_key =
        in_map && (previous == '{' || previous == ',') && j < e.size() && e[j] == ':';
    previous = 'a';
    if (is_key || (j < e.size() && e[j] == '(')) {
      continue;
    }
    refs.push_back(std::move(path));
  }
  return refs;
}

}  // namespace expr
