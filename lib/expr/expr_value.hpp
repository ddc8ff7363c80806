/// The values of Argo's expression language (expr-lang/expr as Argo uses it): what an
/// expression evaluates to and what its environment holds.
///
/// The kinds mirror the Go types that reach expr in Argo: nil, bool, int (int64), float64,
/// string, []interface{}, map[string]interface{}, time.Time and time.Duration. Arrays and maps
/// are immutable and shared, so copying a value is cheap. Maps keep their keys sorted, which is
/// the order Go's fmt and encoding/json use when they print a map.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expr/json_value.hpp"
#include "util/result.hpp"

namespace expr {

/// What an ExprValue is.
enum class ValueKind { nil, boolean, integer, floating, string, array, map, time, duration };

/// One immutable expression value.
class ExprValue {
 public:
  /// The elements of an array.
  using Array = std::vector<ExprValue>;
  /// The entries of a map, sorted by key.
  using Map = std::map<std::string, ExprValue, std::less<>>;

  /// nil.
  ExprValue() = default;
  /// A bool.
  static ExprValue boolean(bool value);
  /// An int (Go's int, 64 bits).
  static ExprValue integer(std::int64_t value);
  /// A float64.
  static ExprValue floating(double value);
  /// A string (bytes, normally UTF-8).
  static ExprValue string(std::string value);
  /// An array.
  static ExprValue array(Array items);
  /// A map.
  static ExprValue map(Map entries);
  /// A time.Time, as nanoseconds since the Unix epoch (always shown in UTC).
  static ExprValue time(std::int64_t unix_nanos);
  /// A time.Duration in nanoseconds.
  static ExprValue duration(std::int64_t nanos);
  /// A decoded JSON document as Go's json.Unmarshal into interface{} gives it: numbers become
  /// float64, objects maps (the last duplicate key wins), arrays arrays.
  static ExprValue from_json(const JsonValue& json);

  /// What this value is.
  ValueKind kind() const { return static_cast<ValueKind>(m_data.index()); }
  /// True for nil.
  bool is_nil() const { return kind() == ValueKind::nil; }
  /// True for int and float64.
  bool is_number() const { return kind() == ValueKind::integer || kind() == ValueKind::floating; }

  /// The bool (false unless boolean).
  bool as_bool() const;
  /// The int; a float64 is truncated; 0 for other kinds.
  std::int64_t as_int() const;
  /// The number as a double (0 for other kinds).
  double as_float() const;
  /// The string (empty unless string).
  const std::string& as_string() const;
  /// The elements (empty unless array).
  const Array& as_array() const;
  /// The entries (empty unless map).
  const Map& as_map() const;
  /// Nanoseconds of a time (since the epoch) or a duration; 0 otherwise.
  std::int64_t as_nanos() const;
  /// The map entry `key`, or nullptr (also for non-maps).
  const ExprValue* find(std::string_view key) const;

 private:
  struct TimeValue {
    std::int64_t nanos = 0;
  };
  struct DurationValue {
    std::int64_t nanos = 0;
  };
  // The alternatives are in ValueKind order: kind() is the variant index.
  std::variant<std::monostate, bool, std::int64_t, double, std::string,
               std::shared_ptr<const Array>, std::shared_ptr<const Map>, TimeValue, DurationValue>
      m_data;
};

/// Go's `%T` of the value as expr reports it in errors: `int`, `float64`, `string`, `bool`,
/// `[]interface {}`, `map[string]interface {}`, `time.Time`, `time.Duration`, `<nil>`.
std::string go_type_name(const ExprValue& value);

/// Go's `%v`: strings raw, floats in Go's shortest `%g` form (`1e+06`, `0.5`), arrays as
/// `[1 2]`, maps as `map[a:1 b:2]`, nil as `<nil>`, durations as `1h2m3s`.
std::string format_go_value(const ExprValue& value);

/// Go's strconv.Quote (`"a\"b\n"`); bytes of 0x80 and above are kept as they are.
std::string quote_go_string(std::string_view text);

/// Go's strconv.FormatFloat(value, 'g', -1, 64), which `%v` uses (`1e+06`, `123456`, `+Inf`).
std::string format_go_float(double value);

/// How to_json() lays out its text.
enum class JsonLayout {
  compact,   ///< json.Marshal
  indented,  ///< json.MarshalIndent(v, "", "  ") (expr's toJSON, sprig's toPrettyJson)
};

/// Go's encoding/json encoding of the value: map keys sorted, `<`, `>`, `&` escaped, floats
/// in encoding/json's format (`1e+21`, `1e-7`, `35.8`), times as RFC 3339 strings, durations
/// as integer nanoseconds. NaN and infinities fail with `json: unsupported value: NaN`.
util::Result<std::string> to_json(const ExprValue& value, JsonLayout layout);

/// expr's equality (`==`): numbers compare by value across int and float64, nil equals only
/// nil, arrays and maps compare deeply (elements must also have the same kind).
bool values_equal(const ExprValue& left, const ExprValue& right);

}  // namespace expr
