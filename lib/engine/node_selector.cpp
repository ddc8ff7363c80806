#include "engine/node_selector.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace engine {
namespace {

constexpr std::string_view k_parameter_prefix = "inputs.parameters.";

/// The value of `field` on `node`; false when the field is not one a selector may name.
bool field_value(const graph::Node& node, const std::string& field, std::string& value) {
  if (field == "displayName") {
    value = node.display_name;
  } else if (field == "name") {
    value = node.name;
  } else if (field == "id") {
    value = node.id;
  } else if (field == "templateName") {
    value = node.template_name;
  } else if (field == "phase") {
    value = std::string(graph::to_string(node.phase));
  } else if (field == "type") {
    value = std::string(graph::to_string(node.type));
  } else if (field.rfind(k_parameter_prefix, 0) == 0 && field.size() > k_parameter_prefix.size() &&
             field.substr(field.size() - 6) == ".value") {
    const std::string name =
        field.substr(k_parameter_prefix.size(), field.size() - k_parameter_prefix.size() - 6);
    value.clear();
    for (const auto& [input, bound] : node.input_parameters) {
      if (input == name) {
        value = bound;
      }
    }
  } else {
    return false;
  }
  return true;
}

}  // namespace

util::Result<NodeSelector> NodeSelector::parse(std::string_view text) {
  NodeSelector selector;
  std::string_view rest = util::trim(text);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view term_text = util::trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    Term term;
    std::size_t op = term_text.find("!=");
    std::size_t value_at = op + 2;
    if (op != std::string_view::npos) {
      term.negated = true;
    } else if ((op = term_text.find("==")) != std::string_view::npos) {
      value_at = op + 2;
    } else if ((op = term_text.find('=')) != std::string_view::npos) {
      value_at = op + 1;
    } else {
      return util::make_error(
          util::ErrorCode::invalid_input,
          fmt::format("invalid node field selector term '{}': want field=value", term_text));
    }
    term.field = std::string(util::trim(term_text.substr(0, op)));
    term.value = std::string(util::trim(term_text.substr(value_at)));
    std::string probe;
    if (!field_value(graph::Node{}, term.field, probe)) {
      return util::make_error(
          util::ErrorCode::invalid_input,
          fmt::format("unknown node field '{}' in selector (displayName, name, id, "
                      "templateName, phase, type, inputs.parameters.<name>.value)",
                      term.field));
    }
    selector.m_terms.push_back(std::move(term));
  }
  return selector;
}

bool NodeSelector::matches(const graph::Node& node) const {
  for (const Term& term : m_terms) {
    std::string value;
    field_value(node, term.field, value);
    if ((value == term.value) == term.negated) {
      return false;
    }
  }
  return true;
}

}  // namespace engine
