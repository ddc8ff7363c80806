// sprig string, conversion, default, encoding, regex and date functions, the sprig function
// table, and the conversion helpers of expr_sprig.hpp.
#include "expr/expr_sprig.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_time.hpp"

namespace expr::detail::sprig {
namespace {

constexpr std::string_view k_space = " \t\n\v\f\r";

ExprValue str(std::string s) {
  return ExprValue::string(std::move(s));
}

ExprValue string_list(const std::vector<std::string>& items) {
  ExprValue::Array out;
  for (const std::string& s : items) {
    out.push_back(ExprValue::string(s));
  }
  return ExprValue::array(std::move(out));
}

// --- strings ------------------------------------------------------------------------------

ExprValue f_trim(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  const std::string& s = string_param(a, 0);
  const size_t start = s.find_first_not_of(k_space);
  return str(start == std::string::npos ? ""
                                        : s.substr(start, s.find_last_not_of(k_space) - start + 1));
}
ExprValue f_trim_all(const Args& a, const CallContext& c) {  // trimAll(cutset, s)
  check_arity(a, 2, 2, c.name);
  const std::string& cut = string_param(a, 0);
  const std::string& s = string_param(a, 1);
  const size_t start = s.find_first_not_of(cut);
  return str(start == std::string::npos ? ""
                                        : s.substr(start, s.find_last_not_of(cut) - start + 1));
}
ExprValue f_trim_affix(const Args& a, const CallContext& c) {  // trimPrefix(prefix, s)
  check_arity(a, 2, 2, c.name);
  const std::string& affix = string_param(a, 0);
  std::string s = string_param(a, 1);
  if (s.size() >= affix.size()) {
    if (c.name == "trimPrefix" && s.compare(0, affix.size(), affix) == 0) {
      s.erase(0, affix.size());
    } else if (c.name == "trimSuffix" &&
               s.compare(s.size() - affix.size(), affix.size(), affix) == 0) {
      s.erase(s.size() - affix.size());
    }
  }
  return str(std::move(s));
}
ExprValue f_case(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  std::string s = string_param(a, 0);
  bool boundary = true;  // strings.Title: letters after a separator are upper-cased
  for (char& ch : s) {
    const bool alnum = std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' ||
                       static_cast<unsigned char>(ch) >= 0x80;
    if (c.name == "upper") {
      ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    } else if (c.name == "lower") {
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (boundary && alnum) {
      ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    boundary = !alnum;
  }
  return str(std::move(s));
}
ExprValue f_repeat(const Args& a, const CallContext& c) {  // repeat(count, s)
  check_arity(a, 2, 2, c.name);
  const std::int64_t n = int_param(a, 0);
  const std::string& s = string_param(a, 1);
  if (n < 0) {
    throw_error("strings: negative Repeat count");
  }
  if (!s.empty() && static_cast<std::uint64_t>(n) > k_max_result_size / s.size()) {
    throw_error("strings: Repeat output length overflow");
  }
  std::string out;
  for (std::int64_t i = 0; i < n; ++i) {
    out += s;
  }
  return str(std::move(out));
}
ExprValue f_substr(const Args& a, const CallContext& c) {  // substr(start, end, s)
  check_arity(a, 3, 3, c.name);
  const std::int64_t start = int_param(a, 0);
  const std::int64_t end = int_param(a, 1);
  const std::string& s = string_param(a, 2);
  const auto len = static_cast<std::int64_t>(s.size());
  std::int64_t from = start < 0 ? 0 : start;
  std::int64_t to = start < 0 ? end : ((end < 0 || end > len) ? len : end);
  if (from > to || to > len || to < 0) {
    throw_error(fmt::format("runtime error: slice bounds out of range [{}:{}]", from, to));
  }
  return str(s.substr(static_cast<size_t>(from), static_cast<size_t>(to - from)));
}
ExprValue f_replace(const Args& a, const CallContext& c) {  // replace(old, new, src)
  check_arity(a, 3, 3, c.name);
  const Args reordered = {a[2], a[0], a[1]};
  for (size_t i = 0; i < 3; ++i) {
    string_param(a, i);
  }
  return find_builtin("replace")(reordered, CallContext{c.env, "replace"});
}
ExprValue f_contains(const Args& a, const CallContext& c) {  // contains(substr, s)
  check_arity(a, 2, 2, c.name);
  const std::string& sub = string_param(a, 0);
  const std::string& s = string_param(a, 1);
  if (c.name == "contains") {
    return ExprValue::boolean(s.find(sub) != std::string::npos);
  }
  const bool fits = sub.size() <= s.size();
  const size_t at = c.name == "hasPrefix" ? 0 : s.size() - (fits ? sub.size() : 0);
  return ExprValue::boolean(fits && s.compare(at, sub.size(), sub) == 0);
}
ExprValue f_quote(const Args& a, const CallContext& c) {
  std::string out;
  for (const ExprValue& v : a) {
    if (v.is_nil()) {
      continue;
    }
    out += out.empty() ? "" : " ";
    out += c.name == "quote" ? quote_go_string(strval(v)) : "'" + strval(v) + "'";
  }
  return str(std::move(out));
}
ExprValue f_cat(const Args& a, const CallContext&) {
  std::string out;
  for (const ExprValue& v : a) {
    if (!v.is_nil()) {
      out += (out.empty() ? "" : " ") + format_go_value(v);
    }
  }
  return str(std::move(out));
}
ExprValue f_indent(const Args& a, const CallContext& c) {  // indent(spaces, s)
  check_arity(a, 2, 2, c.name);
  const std::int64_t n = int_param(a, 0);
  const std::string pad(static_cast<size_t>(std::clamp<std::int64_t>(n, 0, 4096)), ' ');
  std::string out = pad;
  for (char ch : string_param(a, 1)) {
    out += ch;
    if (ch == '\n') {
      out += pad;
    }
  }
  return str(c.name == "nindent" ? "\n" + out : out);
}
ExprValue f_trunc(const Args& a, const CallContext& c) {  // trunc(count, s)
  check_arity(a, 2, 2, c.name);
  const std::int64_t n = int_param(a, 0);
  const std::string& s = string_param(a, 1);
  const auto len = static_cast<std::int64_t>(s.size());
  if (n < 0 && len + n > 0) {
    return str(s.substr(static_cast<size_t>(len + n)));
  }
  if (n >= 0 && len > n) {
    return str(s.substr(0, static_cast<size_t>(n)));
  }
  return str(s);
}
ExprValue f_abbrev(const Args& a, const CallContext& c) {  // abbrev(width, s)
  check_arity(a, 2, 2, c.name);
  const std::int64_t width = int_param(a, 0);
  const std::string& s = string_param(a, 1);
  if (width < 4 || static_cast<std::int64_t>(s.size()) <= width) {
    return str(s);
  }
  return str(s.substr(0, static_cast<size_t>(width - 3)) + "...");
}
ExprValue f_nospace(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  std::string out;
  for (char ch : string_param(a, 0)) {
    if (k_space.find(ch) == std::string_view::npos) {
      out += ch;
    }
  }
  return str(std::move(out));
}
ExprValue f_split_list(const Args& a, const CallContext& c) {  // splitList(sep, s)
  check_arity(a, 2, 2, c.name);
  const Args reordered = {a[1], a[0]};
  string_param(a, 0);
  string_param(a, 1);
  const ExprValue parts = find_builtin("split")(reordered, CallContext{c.env, "split"});
  if (c.name == "splitList") {
    return parts;
  }
  ExprValue::Map out;  // split: {"_0": ..., "_1": ...}
  for (size_t i = 0; i < parts.as_array().size(); ++i) {
    out.emplace("_" + std::to_string(i), parts.as_array()[i]);
  }
  return ExprValue::map(std::move(out));
}
ExprValue f_join(const Args& a, const CallContext& c) {  // join(sep, list)
  check_arity(a, 2, 2, c.name);
  const std::string& sep = string_param(a, 0);
  std::string out;
  bool first = true;
  for (const std::string& s : strslice(a[1])) {
    out += (first ? "" : sep) + s;
    first = false;
  }
  return str(std::move(out));
}
ExprValue f_sort_alpha(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  std::vector<std::string> items = strslice(a[0]);
  std::sort(items.begin(), items.end());
  return string_list(items);
}
ExprValue f_plural(const Args& a, const CallContext& c) {  // plural(one, many, count)
  check_arity(a, 3, 3, c.name);
  return str(int_param(a, 2) == 1 ? string_param(a, 0) : string_param(a, 1));
}

// --- conversions --------------------------------------------------------------------------

ExprValue f_to_string(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return str(strval(a[0]));
}
ExprValue f_to_strings(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return string_list(strslice(a[0]));
}
ExprValue f_atoi(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return ExprValue::integer(parse_go_int(string_param(a, 0)).value_or(0));
}
ExprValue f_int(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return ExprValue::integer(to_int64(a[0]));
}
ExprValue f_float(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return ExprValue::floating(to_float64(a[0]));
}

// --- defaults -----------------------------------------------------------------------------

ExprValue f_default(const Args& a, const CallContext& c) {  // default(fallback, value)
  check_arity(a, 1, SIZE_MAX, c.name);
  return a.size() < 2 || is_empty(a[1]) ? a[0] : a[1];
}
ExprValue f_empty(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return ExprValue::boolean(is_empty(a[0]));
}
ExprValue f_coalesce(const Args& a, const CallContext&) {
  for (const ExprValue& v : a) {
    if (!is_empty(v)) {
      return v;
    }
  }
  return {};
}
ExprValue f_all_any(const Args& a, const CallContext& c) {
  const bool want_all = c.name == "all";
  for (const ExprValue& v : a) {
    if (is_empty(v) == want_all) {
      return ExprValue::boolean(!want_all);
    }
  }
  return ExprValue::boolean(want_all);
}
ExprValue f_ternary(const Args& a, const CallContext& c) {  // ternary(vt, vf, cond)
  check_arity(a, 3, 3, c.name);
  if (a[2].kind() != ValueKind::boolean) {
    throw_error("reflect: Call using " + go_type_name(a[2]) + " as type bool");
  }
  return a[2].as_bool() ? a[0] : a[1];
}

// --- encoding -----------------------------------------------------------------------------

ExprValue f_b64(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  const std::string& s = string_param(a, 0);
  if (c.name == "b64enc") {
    return str(base64_encode(s));
  }
  std::string error;
  auto decoded = base64_decode(s, error);
  return str(decoded ? std::move(*decoded) : error);  // sprig returns the error text
}
ExprValue f_to_json(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  auto text = to_json(a[0], c.name == "toPrettyJson" ? JsonLayout::indented : JsonLayout::compact);
  return str(text.ok() ? std::move(text).value() : "");
}
ExprValue f_from_json(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  auto json = parse_json(string_param(a, 0));
  return json.ok() ? ExprValue::from_json(*json) : ExprValue();
}

}  // namespace
}  // namespace expr::detail::sprig

namespace expr::detail {

NativeFunction find_sprig_function(std::string_view name) {
  using namespace sprig;
  static const std::vector<FunctionEntry> k_table = [] {
    std::vector<FunctionEntry> table = {
        {"trim", f_trim},
        {"trimAll", f_trim_all},
        {"trimall", f_trim_all},
        {"trimPrefix", f_trim_affix},
        {"trimSuffix", f_trim_affix},
        {"upper", f_case},
        {"lower", f_case},
        {"title", f_case},
        {"repeat", f_repeat},
        {"substr", f_substr},
        {"replace", f_replace},
        {"contains", f_contains},
        {"hasPrefix", f_contains},
        {"hasSuffix", f_contains},
        {"quote", f_quote},
        {"squote", f_quote},
        {"cat", f_cat},
        {"indent", f_indent},
        {"nindent", f_indent},
        {"trunc", f_trunc},
        {"abbrev", f_abbrev},
        {"nospace", f_nospace},
        {"splitList", f_split_list},
        {"split", f_split_list},
        {"join", f_join},
        {"sortAlpha", f_sort_alpha},
        {"plural", f_plural},
        {"toString", f_to_string},
        {"toStrings", f_to_strings},
        {"atoi", f_atoi},
        {"int", f_int},
        {"int64", f_int},
        {"float64", f_float},
        {"default", f_default},
        {"empty", f_empty},
        {"coalesce", f_coalesce},
        {"all", f_all_any},
        {"any", f_all_any},
        {"ternary", f_ternary},
        {"b64enc", f_b64},
        {"b64dec", f_b64},
        {"toJson", f_to_json},
        {"toPrettyJson", f_to_json},
        {"fromJson", f_from_json},
    };
    append_data_functions(table);
    append_regex_date_functions(table);
    return table;
  }();
  for (const FunctionEntry& entry : k_table) {
    if (entry.first == name) {
      return entry.second;
    }
  }
  return nullptr;
}

}  // namespace expr::detail

namespace expr::detail::sprig {

std::string strval(const ExprValue& value) {
  return value.kind() == ValueKind::string ? value.as_string() : format_go_value(value);
}

std::int64_t to_int64(const ExprValue& value) {
  switch (value.kind()) {
    case ValueKind::integer:
    case ValueKind::floating: return value.as_int();
    case ValueKind::boolean: return value.as_bool() ? 1 : 0;
    case ValueKind::duration: return value.as_nanos();
    case ValueKind::string: {
      // cast.ToInt64E: strconv.ParseInt(trimZeroDecimal(s), 0, 0)
      std::string s = value.as_string();
      const size_t dot = s.find('.');
      if (dot != std::string::npos && dot > 0 &&
          s.find_first_not_of('0', dot + 1) == std::string::npos) {
        s.erase(dot);
      }
      std::string digits = s;
      const bool negative = !digits.empty() && digits[0] == '-';
      if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
        digits.erase(0, 1);
      }
      int base = 10;
      if (digits.size() > 1 && digits[0] == '0') {
        const char p = static_cast<char>(digits[1] | 0x20);
        base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 8;
        digits.erase(0, (p == 'x' || p == 'o' || p == 'b') ? 2 : 1);
      }
      std::string_view valid = base == 16  ? "0123456789abcdefABCDEF"
                               : base == 8 ? "01234567"
                               : base == 2 ? "01"
                                           : "0123456789";
      if (digits.empty() || digits.find_first_not_of(valid) != std::string::npos) {
        return 0;
      }
      errno = 0;
      const long long v = std::strtoll(digits.c_str(), nullptr, base);
      if (errno == ERANGE) {
        return 0;
      }
      return negative ? -v : v;
    }
    default: return 0;
  }
}

double to_float64(const ExprValue& value) {
  switch (value.kind()) {
    case ValueKind::integer:
    case ValueKind::floating: return value.as_float();
    case ValueKind::boolean: return value.as_bool() ? 1 : 0;
    case ValueKind::string: return parse_go_float(value.as_string()).value_or(0);
    default: return 0;
  }
}

bool is_empty(const ExprValue& value) {
  switch (value.kind()) {
    case ValueKind::nil: return true;
    case ValueKind::boolean: return !value.as_bool();
    case ValueKind::integer:
    case ValueKind::floating: return value.as_float() == 0;
    case ValueKind::string: return value.as_string().empty();
    case ValueKind::array: return value.as_array().empty();
    case ValueKind::map: return value.as_map().empty();
    case ValueKind::duration: return value.as_nanos() == 0;
    case ValueKind::time: return false;
  }
  return false;
}

bool deep_equal(const ExprValue& left, const ExprValue& right) {
  if (left.kind() != right.kind()) {
    return false;
  }
  if (left.kind() == ValueKind::array) {
    const auto& a = left.as_array();
    const auto& b = right.as_array();
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), deep_equal);
  }
  if (left.kind() == ValueKind::map) {
    const auto& a = left.as_map();
    const auto& b = right.as_map();
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
             return x.first == y.first && deep_equal(x.second, y.second);
           });
  }
  return values_equal(left, right);
}

const std::string& string_param(const Args& args, size_t index) {
  if (args[index].kind() != ValueKind::string) {
    throw_error("reflect: Call using " + go_type_name(args[index]) + " as type string");
  }
  return args[index].as_string();
}

std::int64_t int_param(const Args& args, size_t index) {
  if (args[index].kind() != ValueKind::integer) {
    throw_error("reflect: Call using " + go_type_name(args[index]) + " as type int");
  }
  return args[index].as_int();
}

const ExprValue::Map& map_param(const Args& args, size_t index) {
  if (args[index].kind() != ValueKind::map) {
    throw_error("reflect: Call using " + go_type_name(args[index]) +
                " as type map[string]interface {}");
  }
  return args[index].as_map();
}

const ExprValue::Array& list_param(const Args& args, size_t index, std::string_view verb) {
  if (args[index].kind() != ValueKind::array) {
    throw_error(fmt::format("Cannot {} on type {}", verb, go_kind_name(args[index])));
  }
  return args[index].as_array();
}

std::vector<std::string> strslice(const ExprValue& value) {
  std::vector<std::string> out;
  if (value.kind() == ValueKind::array) {
    for (const ExprValue& item : value.as_array()) {
      if (!item.is_nil()) {
        out.push_back(strval(item));
      }
    }
  } else if (!value.is_nil()) {
    out.push_back(strval(value));
  }
  return out;
}

}  // namespace expr::detail::sprig
