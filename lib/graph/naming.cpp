#include "graph/naming.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace graph {
namespace {

constexpr uint32_t k_fnv32_offset = 2166136261U;
constexpr uint32_t k_fnv32_prime = 16777619U;

// Go's encoding/json string escaping, HTML-safe as json.Marshal is by default.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '<':
      case '>':
      case '&': out += fmt::format("\\u{:04x}", c); break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else if (c == 0xE2 && i + 2 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                    static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
          // U+2028 and U+2029 break JavaScript, so Go escapes them too.
          out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::vector<const ItemMember*> sorted_members(const ItemValue& item) {
  std::vector<const ItemMember*> members;
  members.reserve(item.members.size());
  for (const auto& member : item.members) {
    members.push_back(&member);
  }
  std::sort(members.begin(), members.end(),
            [](const auto* lhs, const auto* rhs) { return lhs->key < rhs->key; });
  return members;
}

void append_json(std::string& out, const ItemValue& item) {
  switch (item.kind) {
    case ItemValue::Kind::string: append_json_string(out, item.text); return;
    case ItemValue::Kind::number:
    case ItemValue::Kind::boolean: out += item.text; return;
    case ItemValue::Kind::list: {
      out += '[';
      for (std::size_t i = 0; i < item.elements.size(); ++i) {
        if (i > 0) {
          out += ',';
        }
        append_json(out, item.elements[i]);
      }
      out += ']';
      return;
    }
    case ItemValue::Kind::map: {
      out += '{';
      bool first = true;
      for (const auto* member : sorted_members(item)) {
        if (!first) {
          out += ',';
        }
        first = false;
        append_json_string(out, member->key);
        out += ':';
        append_json(out, member->value);
      }
      out += '}';
      return;
    }
  }
}

// Argo's Item.String(): strings unquoted, everything else as JSON. This is what `%v` prints
// for a map value or a list element.
std::string item_string(const ItemValue& item) {
  return item.kind == ItemValue::Kind::string ? item.text : item_json(item);
}

}  // namespace

uint32_t fnv32a(std::string_view text) {
  uint32_t hash = k_fnv32_offset;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= k_fnv32_prime;
  }
  return hash;
}

std::string node_id(std::string_view wf_name, std::string_view node_name) {
  if (node_name == wf_name) {
    return std::string(wf_name);
  }
  return fmt::format("{}-{}", wf_name, fnv32a(node_name));
}

std::string pod_name(std::string_view wf_name, std::string_view template_name,
                     std::string_view node_name, PodNameVersion version) {
  if (version == PodNameVersion::v1) {
    return node_id(wf_name, node_name);
  }
  if (node_name == wf_name) {
    return std::string(wf_name);
  }
  std::string prefix(wf_name);
  if (!template_name.empty()) {
    prefix += '-';
    prefix += template_name;
  }
  if (prefix.size() > k_max_pod_name_prefix_length) {
    prefix.resize(k_max_pod_name_prefix_length);
  }
  return fmt::format("{}-{}", prefix, fnv32a(node_name));
}

std::string step_group_name(std::string_view parent, std::size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

std::string step_name(std::string_view group, std::string_view step) {
  return fmt::format("{}.{}", group, step);
}

std::string task_name(std::string_view dag, std::string_view task) {
  return fmt::format("{}.{}", dag, task);
}

std::string retry_child_name(std::string_view node, std::size_t index) {
  return fmt::format("{}({})", node, index);
}

std::string loop_item_name(std::string_view name, std::size_t index,
                           std::string_view item_description) {
  std::string clean;
  clean.reserve(item_description.size());
  for (const char c : item_description) {
    if (c != '(' && c != ')') {
      clean += c;
    }
  }
  return fmt::format("{}({}:{})", name, index, clean);
}

std::string item_description(const ItemValue& item) {
  switch (item.kind) {
    case ItemValue::Kind::string:
    case ItemValue::Kind::number:
    case ItemValue::Kind::boolean: return item.text;
    case ItemValue::Kind::list: {
      // Go's fmt.Sprint of a slice: elements with %v, space-separated, in brackets.
      std::string out = "[";
      for (std::size_t i = 0; i < item.elements.size(); ++i) {
        if (i > 0) {
          out += ' ';
        }
        out += item_string(item.elements[i]);
      }
      out += ']';
      return out;
    }
    case ItemValue::Kind::map: {
      // Argo sorts the rendered "key:value" strings, not the keys.
      std::vector<std::string> pairs;
      pairs.reserve(item.members.size());
      for (const auto& [key, value] : item.members) {
        pairs.push_back(key + ':' + item_string(value));
      }
      std::sort(pairs.begin(), pairs.end());
      std::string out;
      for (const std::string& pair : pairs) {
        if (!out.empty()) {
          out += ',';
        }
        out += pair;
      }
      return out;
    }
  }
  return {};
}

std::string item_json(const ItemValue& item) {
  std::string out;
  append_json(out, item);
  return out;
}

std::string display_name(std::string_view node_name, std::string_view boundary_name) {
  if (boundary_name.empty()) {
    return std::string(node_name);
  }
  std::string_view rest = node_name;
  if (rest.substr(0, boundary_name.size()) == boundary_name) {
    rest.remove_prefix(boundary_name.size());
  }
  // The regex ^(\[\d+\])?\. : an optional `[digits]` group, then a mandatory dot.
  std::size_t pos = 0;
  if (!rest.empty() && rest[0] == '[') {
    std::size_t digits_end = 1;
    while (digits_end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits_end]))) {
      ++digits_end;
    }
    if (digits_end > 1 && digits_end < rest.size() && rest[digits_end] == ']') {
      pos = digits_end + 1;
    }
  }
  if (pos < rest.size() && rest[pos] == '.') {
    rest.remove_prefix(pos + 1);
  }
  return std::string(rest);
}

}  // namespace graph
