/// A loop item (`withItems`, `withParam`, `withSequence`) as the graph module needs it:
/// just enough structure to render Argo's node-name description, without depending on a
/// JSON or YAML library. The engine converts its parsed items into this.
#pragma once

#include <string>
#include <vector>

namespace graph {

struct ItemMember;

/// One item value: a string, a number, a bool, a list or a map.
struct ItemValue {
  /// Which member holds the value.
  enum class Kind { string, number, boolean, list, map };

  Kind kind = Kind::string;
  /// string: the text; number: its JSON text as written (`1.5`, `8`); boolean: `true`/`false`.
  std::string text;
  /// list: the elements in order.
  std::vector<ItemValue> elements;
  /// map: key/value pairs in any order (renderers sort them as Argo does).
  std::vector<ItemMember> members;

  /// A string item.
  static ItemValue string(std::string value);
  /// A number item; `json_text` is the number as JSON writes it.
  static ItemValue number(std::string json_text);
  /// A bool item.
  static ItemValue boolean(bool value);
  /// A list item.
  static ItemValue list(std::vector<ItemValue> values);
  /// A map item.
  static ItemValue map(std::vector<ItemMember> values);
};

/// One key/value pair of a map item. (A named struct, not std::pair: a pair of an incomplete
/// type inside ItemValue's own definition does not compile with clang.)
struct ItemMember {
  std::string key;
  ItemValue value;
};

// Defined after ItemMember is complete: they build the `members` vector.
inline ItemValue ItemValue::string(std::string value) {
  return {Kind::string, std::move(value), {}, {}};
}
inline ItemValue ItemValue::number(std::string json_text) {
  return {Kind::number, std::move(json_text), {}, {}};
}
inline ItemValue ItemValue::boolean(bool value) {
  return {Kind::boolean, value ? "true" : "false", {}, {}};
}
inline ItemValue ItemValue::list(std::vector<ItemValue> values) {
  return {Kind::list, {}, std::move(values), {}};
}
inline ItemValue ItemValue::map(std::vector<ItemMember> values) {
  return {Kind::map, {}, {}, std::move(values)};
}

}  // namespace graph
