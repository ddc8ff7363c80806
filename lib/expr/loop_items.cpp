#include "expr/loop_items.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>

namespace expr {
namespace {

using util::ErrorCode;
using util::make_error;

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

// Go's strconv.Atoi on a 64-bit platform, with its error wording.
util::Result<int64_t> atoi(std::string_view s) {
  const std::string prefix = "strconv.Atoi: parsing " + go_quote(s) + ": ";
  size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    i = 1;
  }
  if (i == s.size()) {
    return make_error(ErrorCode::invalid_input, prefix + "invalid syntax");
  }
  // Accumulate negatively so that INT64_MIN is representable.
  int64_t value = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return make_error(ErrorCode::invalid_input, prefix + "invalid syntax");
    }
    const int digit = s[i] - '0';
    if (value < (std::numeric_limits<int64_t>::min() + digit) / 10) {
      overflow = true;
    } else {
      value = value * 10 - digit;
    }
  }
  if (overflow || (!negative && value == std::numeric_limits<int64_t>::min())) {
    return make_error(ErrorCode::invalid_input, prefix + "value out of range");
  }
  return negative ? value : -value;
}

// One printf conversion of an integer, parsed from the format.
struct IntegerVerb {
  bool minus = false;
  bool plus = false;
  bool space = false;
  bool zero = false;
  size_t width = 0;
  bool has_width = false;
  std::optional<size_t> precision;
  char verb = 'd';
};

// The format split around its single verb.
struct SequenceFormat {
  std::string before;
  IntegerVerb spec;
  std::string after;
};

util::Error format_error(std::string_view format, std::string_view why) {
  return make_error(ErrorCode::invalid_input,
                    "invalid withSequence format " + go_quote(format) + ": " + std::string(why));
}

size_t read_number(std::string_view s, size_t& i) {
  size_t n = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < 10000) {
    n = n * 10 + static_cast<size_t>(s[i++] - '0');
  }
  return n;
}

// Reads the conversion after the '%' at `i`; moves `i` past the verb.
util::Result<IntegerVerb> parse_verb(std::string_view format, size_t& i) {
  IntegerVerb spec;
  for (; i < format.size(); ++i) {
    const char c = format[i];
    if (c == '-') {
      spec.minus = true;
    } else if (c == '+') {
      spec.plus = true;
    } else if (c == ' ') {
      spec.space = true;
    } else if (c == '0') {
      spec.zero = true;
    } else {
      break;
    }
  }
  spec.has_width = i < format.size() && format[i] >= '1' && format[i] <= '9';
  spec.width = read_number(format, i);
  if (i < format.size() && format[i] == '.') {
    ++i;
    spec.precision = read_number(format, i);
  }
  if (i >= format.size()) {
    return format_error(format, "unterminated conversion");
  }
  spec.verb = format[i++];
  if (std::string_view("diXxo").find(spec.verb) == std::string_view::npos) {
    return format_error(format, std::string("unsupported conversion '%") + spec.verb +
                                    "' (supported: %d %i %x %X %o)");
  }
  return spec;
}

util::Result<SequenceFormat> parse_format(std::string_view format) {
  SequenceFormat parsed;
  bool found = false;
  for (size_t i = 0; i < format.size();) {
    const char c = format[i++];
    if (c != '%') {
      (found ? parsed.after : parsed.before) += c;
    } else if (i < format.size() && format[i] == '%') {
      (found ? parsed.after : parsed.before) += '%';
      ++i;
    } else if (found) {
      return format_error(format, "more than one conversion");
    } else {
      auto spec = parse_verb(format, i);
      if (!spec) {
        return spec.error();
      }
      parsed.spec = *spec;
      found = true;
    }
  }
  if (!found) {
    return format_error(format, "no integer conversion (such as %d)");
  }
  return parsed;
}

// Go's fmt.fmtInteger for the verbs above.
std::string format_integer(const IntegerVerb& spec, int64_t value) {
  const bool negative = value < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  const unsigned base = spec.verb == 'x' || spec.verb == 'X' ? 16 : spec.verb == 'o' ? 8 : 10;
  const char* digits = spec.verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string body;
  if (spec.precision && *spec.precision == 0 && magnitude == 0) {
    return std::string(spec.width, ' ');  // Go prints only the padding here
  }
  do {
    body.insert(body.begin(), digits[magnitude % base]);
    magnitude /= base;
  } while (magnitude != 0);
  size_t min_digits = 0;
  const bool has_sign = negative || spec.plus || spec.space;
  if (spec.precision) {
    min_digits = *spec.precision;
  } else if (spec.zero && !spec.minus && spec.has_width) {
    min_digits = spec.width - (has_sign && spec.width > 0 ? 1 : 0);
  }
  if (body.size() < min_digits) {
    body.insert(0, min_digits - body.size(), '0');
  }
  if (has_sign) {
    body.insert(body.begin(), negative ? '-' : spec.plus ? '+' : ' ');
  }
  if (body.size() < spec.width) {
    const std::string pad(spec.width - body.size(), ' ');
    body = spec.minus ? body + pad : pad + body;
  }
  return body;
}

// start..end inclusive, either direction, without overflowing at the int64 limits.
std::vector<std::string> format_range(const SequenceFormat& format, int64_t start, int64_t end) {
  std::vector<std::string> items;
  const int64_t step = start <= end ? 1 : -1;
  for (int64_t i = start;; i += step) {
    items.push_back(format.before + format_integer(format.spec, i) + format.after);
    if (i == end) {
      break;
    }
  }
  return items;
}

}  // namespace

util::Result<std::vector<std::string>> expand_sequence(const std::optional<std::string>& count,
                                                       const std::optional<std::string>& start,
                                                       const std::optional<std::string>& end,
                                                       const std::optional<std::string>& format) {
  if (count && end) {
    return make_error(ErrorCode::invalid_input,
                      "withSequence.count and withSequence.end are mutually exclusive");
  }
  if (!count && !end) {
    return make_error(ErrorCode::invalid_input,
                      "neither end nor count was specified in withSequence");
  }
  int64_t first = 0;
  if (start) {
    auto parsed = atoi(*start);
    if (!parsed) {
      return parsed.error();
    }
    first = *parsed;
  }
  int64_t last = 0;
  if (end) {
    auto parsed = atoi(*end);
    if (!parsed) {
      return parsed.error();
    }
    last = *parsed;
  } else {
    auto parsed = atoi(*count);
    if (!parsed) {
      return parsed.error();
    }
    if (*parsed == 0) {
      return std::vector<std::string>{};
    }
    // Argo: end = start + count - 1 (so a negative count counts down).
    int64_t span = 0;
    if (__builtin_sub_overflow(*parsed, 1, &span) || __builtin_add_overflow(first, span, &last)) {
      return make_error(ErrorCode::invalid_input,
                        "withSequence start + count is out of the 64-bit integer range");
    }
  }
  auto parsed_format = parse_format(format && !format->empty() ? *format : "%d");
  if (!parsed_format) {
    return parsed_format.error();
  }
  return format_range(*parsed_format, first, last);
}

std::string render_item(const JsonValue& item) {
  switch (item.kind()) {
    case JsonKind::array: return to_compact_json(item);
    case JsonKind::object: {
      // A Go map: keys sorted, the last duplicate wins.
      std::map<std::string, const JsonValue*> sorted;
      for (const JsonValue::Member& member : item.members()) {
        sorted[member.first] = &member.second;
      }
      std::vector<JsonValue::Member> members;
      members.reserve(sorted.size());
      for (const auto& [key, value] : sorted) {
        members.emplace_back(key, *value);
      }
      return to_compact_json(JsonValue::object(std::move(members)));
    }
    default: return item.text();
  }
}

util::Result<std::vector<std::string>> parse_with_param(std::string_view text) {
  auto fail = [&](const std::string& why) {
    return make_error(
        ErrorCode::invalid_input,
        "withParam value could not be parsed as a JSON list: " + std::string(text) + ": " + why);
  };
  auto parsed = parse_json(text);
  if (!parsed) {
    return fail(parsed.error().message);
  }
  const JsonValue& value = *parsed;
  static constexpr std::string_view k_type = " into Go value of type []v1alpha1.Item";
  switch (value.kind()) {
    case JsonKind::null: return std::vector<std::string>{};
    case JsonKind::boolean: return fail("json: cannot unmarshal bool" + std::string(k_type));
    case JsonKind::number: return fail("json: cannot unmarshal number" + std::string(k_type));
    case JsonKind::string: return fail("json: cannot unmarshal string" + std::string(k_type));
    case JsonKind::object: return fail("json: cannot unmarshal object" + std::string(k_type));
    case JsonKind::array: break;
  }
  std::vector<std::string> items;
  items.reserve(value.items().size());
  for (const JsonValue& item : value.items()) {
    items.push_back(render_item(item));
  }
  return items;
}

}  // namespace expr
