#include "engine/loop_expansion.hpp"

#include "expr/json_value.hpp"
#include "expr/loop_items.hpp"

namespace engine {
namespace {

util::Result<expr::JsonValue> to_json_value(const model::DocNode& node, const expr::Scope& scope) {
  switch (node.kind) {
    case model::DocKind::null: return expr::JsonValue();
    case model::DocKind::scalar:
      switch (node.scalar_type()) {
        case model::ScalarType::null: return expr::JsonValue();
        case model::ScalarType::boolean:
          return expr::JsonValue::boolean(model::any_string(node) == "true");
        case model::ScalarType::integer:
        case model::ScalarType::floating: return expr::JsonValue::number(model::any_string(node));
        case model::ScalarType::string: {
          util::Result<std::string> text = expr::substitute(node.text, scope, expr::Mode::strict);
          if (!text.ok()) {
            return text.error();
          }
          return expr::JsonValue::string(std::move(text.value()));
        }
      }
      return expr::JsonValue();
    case model::DocKind::sequence: {
      std::vector<expr::JsonValue> items;
      for (const model::DocNode& item : node.items) {
        util::Result<expr::JsonValue> value = to_json_value(item, scope);
        if (!value.ok()) {
          return value.error();
        }
        items.push_back(std::move(value.value()));
      }
      return expr::JsonValue::array(std::move(items));
    }
    case model::DocKind::mapping: {
      std::vector<expr::JsonValue::Member> members;
      for (const model::DocEntry& entry : node.entries) {
        util::Result<expr::JsonValue> value = to_json_value(entry.value, scope);
        if (!value.ok()) {
          return value.error();
        }
        members.emplace_back(entry.key, std::move(value.value()));
      }
      return expr::JsonValue::object(std::move(members));
    }
  }
  return expr::JsonValue();
}

graph::ItemValue to_item_value(const expr::JsonValue& value) {
  switch (value.kind()) {
    case expr::JsonKind::null:
    case expr::JsonKind::string: return graph::ItemValue::string(value.text());
    case expr::JsonKind::number: return graph::ItemValue::number(value.text());
    case expr::JsonKind::boolean: return graph::ItemValue::boolean(value.text() == "true");
    case expr::JsonKind::array: {
      std::vector<graph::ItemValue> items;
      for (const expr::JsonValue& item : value.items()) {
        items.push_back(to_item_value(item));
      }
      return graph::ItemValue::list(std::move(items));
    }
    case expr::JsonKind::object: {
      std::vector<graph::ItemMember> members;
      for (const auto& [key, member] : value.members()) {
        members.push_back({key, to_item_value(member)});
      }
      return graph::ItemValue::map(std::move(members));
    }
  }
  return graph::ItemValue::string(value.text());
}

LoopItem make_item(const expr::JsonValue& value) {
  LoopItem item;
  item.rendered = expr::render_item(value);
  item.value = to_item_value(value);
  if (value.kind() == expr::JsonKind::object) {
    for (const auto& [key, member] : value.members()) {
      const bool raw = member.kind() == expr::JsonKind::string;
      item.fields.emplace_back(key, raw ? member.text() : expr::to_compact_json(member));
    }
  }
  return item;
}

util::Result<std::optional<std::string>> substitute_optional(const model::OptScalar& field,
                                                             const expr::Scope& scope) {
  if (!field) {
    return std::optional<std::string>();
  }
  util::Result<std::string> text = expr::substitute(field->value, scope, expr::Mode::strict);
  if (!text.ok()) {
    return text.error();
  }
  return std::optional<std::string>(std::move(text.value()));
}

util::Result<std::vector<LoopItem>> expand_sequence(const model::Sequence& sequence,
                                                    const expr::Scope& scope) {
  std::optional<std::string> fields[4];
  const model::OptScalar* sources[4] = {&sequence.count, &sequence.start, &sequence.end,
                                        &sequence.format};
  for (int i = 0; i < 4; ++i) {
    util::Result<std::optional<std::string>> value = substitute_optional(*sources[i], scope);
    if (!value.ok()) {
      return value.error();
    }
    fields[i] = std::move(value.value());
  }
  util::Result<std::vector<std::string>> strings =
      expr::expand_sequence(fields[0], fields[1], fields[2], fields[3]);
  if (!strings.ok()) {
    return strings.error();
  }
  std::vector<LoopItem> items;
  items.reserve(strings->size());
  for (std::string& text : strings.value()) {
    items.push_back(make_item(expr::JsonValue::string(std::move(text))));
  }
  return items;
}

}  // namespace

bool has_loop(const model::Step& step) {
  return step.with_items.has_value() || step.with_param.has_value() ||
         step.with_sequence.has_value();
}

util::Result<std::vector<LoopItem>> expand_loop(const model::Step& step, const expr::Scope& scope) {
  std::vector<LoopItem> items;
  if (step.with_items) {
    for (const model::DocNode& node : step.with_items->items) {
      util::Result<expr::JsonValue> value = to_json_value(node, scope);
      if (!value.ok()) {
        return value.error();
      }
      items.push_back(make_item(value.value()));
    }
    return items;
  }
  if (step.with_param) {
    util::Result<std::string> text =
        expr::substitute(step.with_param->value, scope, expr::Mode::strict);
    if (!text.ok()) {
      return text.error();
    }
    // parse_with_param has Argo's error wording; parse_json gives the values themselves.
    util::Result<std::vector<std::string>> checked = expr::parse_with_param(*text);
    if (!checked.ok()) {
      return checked.error();
    }
    util::Result<expr::JsonValue> parsed = expr::parse_json(*text);
    if (parsed.ok()) {
      for (const expr::JsonValue& value : parsed->items()) {
        items.push_back(make_item(value));
      }
    }
    return items;
  }
  if (step.with_sequence) {
    return expand_sequence(*step.with_sequence, scope);
  }
  return items;
}

void bind_item(expr::Scope& scope, const LoopItem& item) {
  scope.set("item", item.rendered);
  for (const auto& [key, value] : item.fields) {
    scope.set("item." + key, value);
  }
}

}  // namespace engine
