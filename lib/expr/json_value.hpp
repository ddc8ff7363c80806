/// A small, self-contained JSON reader and compact writer for loop items (`withParam`).
/// expr stays free of nlohmann: this reader keeps number source text exactly (`1.50` stays
/// `1.50`), which `{{item}}` rendering needs, and reports errors in Go's encoding/json wording
/// because Argo puts those messages into node messages.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace expr {

/// The kind of a JSON value.
enum class JsonKind { null, boolean, number, string, array, object };

/// An immutable JSON value. Objects keep their members in source order, duplicates included.
class JsonValue {
 public:
  /// One object member: key and value.
  using Member = std::pair<std::string, JsonValue>;

  /// `null`.
  JsonValue() = default;
  /// `true` / `false`.
  static JsonValue boolean(bool value);
  /// A number; `source` is its JSON text, kept verbatim (never re-formatted).
  static JsonValue number(std::string source);
  /// A string; `value` is the decoded text (UTF-8).
  static JsonValue string(std::string value);
  /// An array of `items`.
  static JsonValue array(std::vector<JsonValue> items);
  /// An object with `members` in source order.
  static JsonValue object(std::vector<Member> members);

  /// What this value is.
  JsonKind kind() const { return m_kind; }
  /// Decoded text of a string, source text of a number, "true"/"false", "null"; empty for
  /// arrays and objects.
  const std::string& text() const { return m_text; }
  /// The elements of an array (empty otherwise).
  const std::vector<JsonValue>& items() const { return m_items; }
  /// The members of an object in source order (empty otherwise).
  const std::vector<Member>& members() const { return m_members; }
  /// The value of the LAST member named `key` (Go's map decoding keeps the last), or nullptr.
  const JsonValue* find(std::string_view key) const;

 private:
  JsonKind m_kind = JsonKind::null;
  std::string m_text = "null";
  std::vector<JsonValue> m_items;
  std::vector<Member> m_members;
};

/// Parses one JSON document (RFC 8259; surrounding whitespace allowed). Errors use Go's
/// encoding/json wording, e.g. `invalid character 'x' looking for beginning of value` or
/// `unexpected end of JSON input`. Invalid \u surrogates decode to U+FFFD as in Go.
util::Result<JsonValue> parse_json(std::string_view text);

/// Compact JSON (no whitespace), members in stored order. Strings are escaped as Go's
/// json.Marshal does, including its HTML escaping of `<`, `>` and `&` (as \u003c etc.) and of
/// U+2028/U+2029, because Argo renders loop items with json.Marshal.
std::string to_compact_json(const JsonValue& value);

/// `value` as a JSON string literal, escaped as in to_compact_json().
std::string quote_json_string(std::string_view value);

}  // namespace expr
