/// A loop item (`withItems`, `withParam`, `withSequence`) as the graph module needs it:
/// just enough structure to render Argo's node-name description, without depending on a
/// JSON or YAML library. The engine converts its parsed items into this.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace graph {

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
  std::vector<std::pair<std::string, ItemValue>> members;

  /// A string item.
  static ItemValue string(std::string value) { return {Kind::string, std::move(value), {}, {}}; }
  /// A number item; `json_text` is the number as JSON writes it.
  static ItemValue number(std::string json_text) {
    return {Kind::number, std::move(json_text), {}, {}};
  }
  /// A bool item.
  static ItemValue boolean(bool value) { return {Kind::boolean, value ? "true" : "false", {}, {}}; }
  /// A list item.
  static ItemValue list(std::vector<ItemValue> values) {
    return {Kind::list, {}, std::move(values), {}};
  }
  /// A map item.
  static ItemValue map(std::vector<std::pair<std::string, ItemValue>> values) {
    return {Kind::map, {}, {}, std::move(values)};
  }
};

}  // namespace graph
