// sprig regex functions (Go regexp approximated with std::regex, see compile_regex) and date
// functions (UTC, the clock from the environment).
#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_sprig.hpp"
#include "expr/expr_time.hpp"

namespace expr::detail::sprig {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Go's Regexp.Expand template: `$1`, `${1}`, `$$`; a name that is not a group number
// (named groups are not supported by std::regex) expands to nothing, as an unknown name does.
std::string expand(std::string_view tmpl, const std::smatch& match) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$' || i + 1 >= tmpl.size()) {
      out += tmpl[i];
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string_view name;
    size_t end = i + 1;
    if (tmpl[i + 1] == '{') {
      const size_t close = tmpl.find('}', i + 2);
      if (close == std::string_view::npos) {
        out += tmpl[i];
        continue;
      }
      name = tmpl.substr(i + 2, close - i - 2);
      end = close + 1;
    } else {
      while (end < tmpl.size() && is_name_char(tmpl[end])) {
        ++end;
      }
      name = tmpl.substr(i + 1, end - i - 1);
    }
    if (name.empty()) {
      out += tmpl[i];
      continue;
    }
    const auto group = parse_go_int(name);
    if (group && *group >= 0 && static_cast<size_t>(*group) < match.size()) {
      out += match[static_cast<size_t>(*group)].str();
    }
    i = end - 1;
  }
  return out;
}

// Calls `each(match)` for every non-overlapping match, at most `limit` (< 0: all).
template <typename Fn>
void for_each_match(const std::string& s, const std::regex& re, std::int64_t limit, Fn each) {
  std::int64_t count = 0;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
    if (limit >= 0 && count >= limit) {
      break;
    }
    each(*it);
    ++count;
  }
}

ExprValue f_regex_match(const Args& a, const CallContext& c) {  // regexMatch(regex, s)
  check_arity(a, 2, 2, c.name);
  const std::string& s = string_param(a, 1);
  try {
    return ExprValue::boolean(std::regex_search(s, compile_regex(string_param(a, 0))));
  } catch (const EvalError&) {
    return ExprValue::boolean(false);  // sprig ignores the compile error
  }
}

ExprValue f_regex_find(const Args& a, const CallContext& c) {  // regexFind(regex, s)
  check_arity(a, 2, 2, c.name);
  const std::regex re = compile_regex(string_param(a, 0));
  const std::string& s = string_param(a, 1);
  std::smatch m;
  return ExprValue::string(std::regex_search(s, m, re) ? m.str(0) : "");
}

ExprValue f_regex_find_all(const Args& a, const CallContext& c) {  // (regex, s, n)
  check_arity(a, 3, 3, c.name);
  const std::regex re = compile_regex(string_param(a, 0));
  const std::string& s = string_param(a, 1);
  ExprValue::Array out;
  for_each_match(s, re, int_param(a, 2),
                 [&](const std::smatch& m) { out.push_back(ExprValue::string(m.str(0))); });
  return ExprValue::array(std::move(out));
}

ExprValue f_regex_replace(const Args& a, const CallContext& c) {  // (regex, s, repl)
  check_arity(a, 3, 3, c.name);
  const std::regex re = compile_regex(string_param(a, 0));
  const std::string& s = string_param(a, 1);
  const std::string& repl = string_param(a, 2);
  const bool literal = c.name == "regexReplaceAllLiteral";
  std::string out;
  size_t last = 0;
  for_each_match(s, re, -1, [&](const std::smatch& m) {
    out += s.substr(last, static_cast<size_t>(m.position(0)) - last);
    out += literal ? repl : expand(repl, m);
    last = static_cast<size_t>(m.position(0) + m.length(0));
  });
  return ExprValue::string(out + s.substr(last));
}

ExprValue f_regex_split(const Args& a, const CallContext& c) {  // regexSplit(regex, s, n)
  check_arity(a, 3, 3, c.name);
  const std::regex re = compile_regex(string_param(a, 0));
  const std::string& s = string_param(a, 1);
  const std::int64_t n = int_param(a, 2);
  ExprValue::Array out;
  if (n == 0) {
    return ExprValue::array(std::move(out));
  }
  size_t last = 0;
  for_each_match(s, re, n < 0 ? -1 : n - 1, [&](const std::smatch& m) {
    out.push_back(ExprValue::string(s.substr(last, static_cast<size_t>(m.position(0)) - last)));
    last = static_cast<size_t>(m.position(0) + m.length(0));
  });
  out.push_back(ExprValue::string(s.substr(last)));
  return ExprValue::array(std::move(out));
}

ExprValue f_regex_quote(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  std::string out;
  for (char ch : string_param(a, 0)) {
    if (std::string_view("\\.+*?()|[]{}^$").find(ch) != std::string_view::npos) {
      out += '\\';
    }
    out += ch;
  }
  return ExprValue::string(std::move(out));
}

// sprig's dateInZone: a time.Time, or Unix seconds as an int; anything else means now.
std::int64_t date_of(const ExprValue& v, const CallContext& c) {
  if (v.kind() == ValueKind::time) {
    return v.as_nanos();
  }
  if (v.kind() == ValueKind::integer) {
    return v.as_int() * time_detail::k_second;
  }
  return now_nanos(c);
}

ExprValue f_now(const Args& a, const CallContext& c) {
  check_arity(a, 0, 0, c.name);
  return ExprValue::time(now_nanos(c));
}

ExprValue f_date(const Args& a, const CallContext& c) {  // date(layout, date)
  check_arity(a, 2, 2, c.name);
  const std::string& layout = string_param(a, 0);
  return ExprValue::string(time_detail::format_go_layout(date_of(a[1], c), layout));
}

ExprValue f_date_in_zone(const Args& a, const CallContext& c) {  // dateInZone(layout, date, zone)
  check_arity(a, 3, 3, c.name);
  const std::string& zone = string_param(a, 2);
  if (zone != "UTC" && zone != "Local" && !zone.empty()) {
    throw_error(fmt::format("time zone {} is not supported by flowrun (UTC only)", zone));
  }
  return ExprValue::string(time_detail::format_go_layout(date_of(a[1], c), string_param(a, 0)));
}

ExprValue f_html_date(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return ExprValue::string(time_detail::format_go_layout(date_of(a[0], c), "2006-01-02"));
}

ExprValue f_unix_epoch(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  if (a[0].kind() != ValueKind::time) {
    throw_error("reflect: Call using " + go_type_name(a[0]) + " as type time.Time");
  }
  const std::int64_t ns = a[0].as_nanos();
  const std::int64_t secs = ns / time_detail::k_second - (ns % time_detail::k_second < 0 ? 1 : 0);
  return ExprValue::string(std::to_string(secs));
}

}  // namespace

void append_regex_date_functions(std::vector<FunctionEntry>& table) {
  const std::vector<FunctionEntry> entries = {
      {"regexMatch", f_regex_match},
      {"regexFind", f_regex_find},
      {"regexFindAll", f_regex_find_all},
      {"regexReplaceAll", f_regex_replace},
      {"regexReplaceAllLiteral", f_regex_replace},
      {"regexSplit", f_regex_split},
      {"regexQuoteMeta", f_regex_quote},
      {"now", f_now},
      {"date", f_date},
      {"dateInZone", f_date_in_zone},
      {"htmlDate", f_html_date},
      {"unixEpoch", f_unix_epoch},
  };
  table.insert(table.end(), entries.begin(), entries.end());
}

}  // namespace expr::detail::sprig
