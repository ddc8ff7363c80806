// expr's string builtins, and the Go number parsing and base64 helpers they share.
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_functions.hpp"

namespace expr::detail {
namespace {

constexpr std::string_view k_base64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view k_space = " \t\n\v\f\r";

// Length of the UTF-8 sequence starting with byte `c` (1 for invalid bytes).
size_t utf8_length(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
}

std::string_view trim_set(std::string_view s, std::string_view set) {
  const size_t start = s.find_first_not_of(set);
  if (start == std::string_view::npos) {
    return {};
  }
  return s.substr(start, s.find_last_not_of(set) - start + 1);
}

// Go's strings.genSplit (Split, SplitN, SplitAfter, SplitAfterN).
ExprValue go_split(std::string_view s, std::string_view sep, std::int64_t n, bool after) {
  ExprValue::Array parts;
  if (n == 0) {
    return ExprValue::array(std::move(parts));
  }
  if (sep.empty()) {
    while (!s.empty()) {
      const bool last = n > 0 && static_cast<std::int64_t>(parts.size()) == n - 1;
      const size_t len = last ? s.size() : std::min(utf8_length(s[0]), s.size());
      parts.push_back(ExprValue::string(std::string(s.substr(0, len))));
      s.remove_prefix(len);
    }
    return ExprValue::array(std::move(parts));
  }
  while (n < 0 || static_cast<std::int64_t>(parts.size()) < n - 1) {
    const size_t m = s.find(sep);
    if (m == std::string_view::npos) {
      break;
    }
    parts.push_back(ExprValue::string(std::string(s.substr(0, m + (after ? sep.size() : 0)))));
    s.remove_prefix(m + sep.size());
  }
  parts.push_back(ExprValue::string(std::string(s)));
  return ExprValue::array(std::move(parts));
}

// Go's strings.Replace: at most `limit` replacements (all when negative).
std::string replace_n(std::string_view s, std::string_view old, std::string_view with,
                      std::int64_t limit) {
  std::string out;
  std::int64_t done = 0;
  if (old.empty()) {
    // Go inserts `with` before every rune and at the end.
    size_t i = 0;
    for (; i < s.size() && (limit < 0 || done < limit); ++done) {
      const size_t len = std::min(utf8_length(s[i]), s.size() - i);
      out += with;
      out += s.substr(i, len);
      i += len;
    }
    out += s.substr(i);
    return limit < 0 || done < limit ? out + std::string(with) : out;
  }
  size_t pos = 0;
  for (size_t hit = s.find(old); hit != std::string_view::npos && (limit < 0 || done < limit);
       hit = s.find(old, pos), ++done) {
    out += s.substr(pos, hit - pos);
    out += with;
    pos = hit + old.size();
  }
  out += s.substr(pos);
  return out;
}

ExprValue fn_trim(const Args& a, const CallContext& c) {
  check_arity(a, 1, 2, c.name);
  const std::string& s = string_arg(a, 0, c.name);
  const std::string_view set = a.size() == 2 ? std::string_view(string_arg(a, 1, c.name)) : k_space;
  return ExprValue::string(std::string(trim_set(s, set)));
}

ExprValue fn_trim_affix(const Args& a, const CallContext& c) {
  check_arity(a, 1, 2, c.name);
  std::string s = string_arg(a, 0, c.name);
  const std::string affix = a.size() == 2 ? string_arg(a, 1, c.name) : " ";
  const bool prefix = c.name == "trimPrefix";
  if (s.size() >= affix.size()) {
    if (prefix && s.compare(0, affix.size(), affix) == 0) {
      s.erase(0, affix.size());
    } else if (!prefix && s.compare(s.size() - affix.size(), affix.size(), affix) == 0) {
      s.erase(s.size() - affix.size());
    }
  }
  return ExprValue::string(std::move(s));
}

ExprValue fn_case(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  std::string s = string_arg(a, 0, c.name);
  for (char& ch : s) {
    if (c.name == "upper" && ch >= 'a' && ch <= 'z') {
      ch = static_cast<char>(ch - 'a' + 'A');
    } else if (c.name == "lower" && ch >= 'A' && ch <= 'Z') {
      ch = static_cast<char>(ch - 'A' + 'a');
    }
  }
  return ExprValue::string(std::move(s));
}

ExprValue fn_split(const Args& a, const CallContext& c) {
  check_arity(a, 2, 3, c.name);
  const std::int64_t n = a.size() == 3 ? int_arg(a, 2, c.name) : -1;
  return go_split(string_arg(a, 0, c.name), string_arg(a, 1, c.name), n, c.name == "splitAfter");
}

ExprValue fn_replace(const Args& a, const CallContext& c) {
  check_arity(a, 3, 4, c.name);
  const std::int64_t limit = a.size() == 4 ? int_arg(a, 3, c.name) : -1;
  return ExprValue::string(replace_n(string_arg(a, 0, c.name), string_arg(a, 1, c.name),
                                     string_arg(a, 2, c.name), limit));
}

ExprValue fn_repeat(const Args& a, const CallContext& c) {
  check_arity(a, 2, 2, c.name);
  const std::string& s = string_arg(a, 0, c.name);
  const std::int64_t n = int_arg(a, 1, c.name);
  if (n < 0) {
    throw_error(fmt::format("invalid argument for repeat (expected positive integer, got {})", n));
  }
  if (n > 1000000 || (!s.empty() && static_cast<std::uint64_t>(n) > k_max_result_size / s.size())) {
    throw_error("memory budget exceeded");
  }
  std::string out;
  for (std::int64_t i = 0; i < n; ++i) {
    out += s;
  }
  return ExprValue::string(std::move(out));
}

ExprValue fn_index_of(const Args& a, const CallContext& c) {
  check_arity(a, 2, 2, c.name);
  const std::string& s = string_arg(a, 0, c.name);
  const std::string& sub = string_arg(a, 1, c.name);
  const size_t pos = c.name == "indexOf" ? s.find(sub) : s.rfind(sub);
  return ExprValue::integer(pos == std::string::npos ? -1 : static_cast<std::int64_t>(pos));
}

ExprValue fn_has_affix(const Args& a, const CallContext& c) {
  check_arity(a, 2, 2, c.name);
  const std::string& s = string_arg(a, 0, c.name);
  const std::string& p = string_arg(a, 1, c.name);
  if (p.size() > s.size()) {
    return ExprValue::boolean(false);
  }
  const size_t at = c.name == "hasPrefix" ? 0 : s.size() - p.size();
  return ExprValue::boolean(s.compare(at, p.size(), p) == 0);
}

ExprValue fn_join(const Args& a, const CallContext& c) {
  check_arity(a, 1, 2, c.name);
  if (a[0].kind() != ValueKind::array) {
    throw_error(fmt::format("invalid argument for join (type {})", go_type_name(a[0])));
  }
  const std::string glue = a.size() == 2 ? string_arg(a, 1, c.name) : "";
  std::string out;
  bool first = true;
  for (const ExprValue& item : a[0].as_array()) {
    if (item.kind() != ValueKind::string) {
      throw_error("interface conversion: interface {} is " + go_type_name(item) + ", not string");
    }
    out += (first ? "" : glue) + item.as_string();
    first = false;
  }
  return ExprValue::string(std::move(out));
}

}  // namespace

void append_string_builtins(std::vector<FunctionEntry>& table) {
  const std::vector<FunctionEntry> entries = {
      {"trim", fn_trim},
      {"trimPrefix", fn_trim_affix},
      {"trimSuffix", fn_trim_affix},
      {"upper", fn_case},
      {"lower", fn_case},
      {"split", fn_split},
      {"splitAfter", fn_split},
      {"replace", fn_replace},
      {"repeat", fn_repeat},
      {"indexOf", fn_index_of},
      {"lastIndexOf", fn_index_of},
      {"hasPrefix", fn_has_affix},
      {"hasSuffix", fn_has_affix},
      {"join", fn_join},
  };
  table.insert(table.end(), entries.begin(), entries.end());
}

std::optional<std::int64_t> parse_go_int(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string copy(text);
  errno = 0;
  const long long value = std::strtoll(copy.c_str(), nullptr, 10);
  if (errno == ERANGE) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> parse_go_float(std::string_view text) {
  if (text.empty() || k_space.find(text[0]) != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string copy(text);
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || (errno == ERANGE && std::isinf(value))) {
    return std::nullopt;
  }
  return value;
}

std::string base64_encode(std::string_view data) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(data[i]) << 16 |
                                              static_cast<unsigned char>(data[i + 1]) << 8 |
                                              static_cast<unsigned char>(data[i + 2]));
    out += k_base64[n >> 18];
    out += k_base64[(n >> 12) & 63];
    out += k_base64[(n >> 6) & 63];
    out += k_base64[n & 63];
  }
  const size_t rest = data.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(data[i]) << 16);
    if (rest == 2) {
      n |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[i + 1]) << 8);
    }
    out += k_base64[n >> 18];
    out += k_base64[(n >> 12) & 63];
    out += rest == 2 ? k_base64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text, std::string& error) {
  std::string chars;
  std::vector<size_t> offsets;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r' && text[i] != '\n') {
      chars += text[i];
      offsets.push_back(i);
    }
  }
  std::string out;
  for (size_t q = 0; q < chars.size(); q += 4) {
    std::uint32_t n = 0;
    size_t used = 0;
    for (size_t k = 0; k < 4; ++k) {
      const size_t at = q + k;
      if (at >= chars.size()) {
        error = fmt::format("illegal base64 data at input byte {}", text.size());
        return std::nullopt;
      }
      const char ch = chars[at];
      if (ch == '=' && k >= 2 && at + (k == 2 ? 2 : 1) == chars.size() &&
          (k == 3 || chars[at + 1] == '=')) {
        break;
      }
      const size_t v = k_base64.find(ch);
      if (v == std::string_view::npos || ch == '\0') {
        error = fmt::format("illegal base64 data at input byte {}", offsets[at]);
        return std::nullopt;
      }
      n |= static_cast<std::uint32_t>(v) << (18 - 6 * k);
      ++used;
    }
    out += static_cast<char>(n >> 16);
    if (used > 2) {
      out += static_cast<char>((n >> 8) & 0xFF);
    }
    if (used > 3) {
      out += static_cast<char>(n & 0xFF);
    }
  }
  return out;
}

}  // namespace expr::detail
