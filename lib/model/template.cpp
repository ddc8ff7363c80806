#include "model/template.hpp"

namespace model {

std::string_view to_string(TemplateType type) {
  switch (type) {
    case TemplateType::none: return "none";
    case TemplateType::container: return "container";
    case TemplateType::script: return "script";
    case TemplateType::resource: return "resource";
    case TemplateType::data: return "data";
    case TemplateType::suspend: return "suspend";
    case TemplateType::http: return "http";
    case TemplateType::steps: return "steps";
    case TemplateType::dag: return "dag";
    case TemplateType::container_set: return "containerSet";
    case TemplateType::plugin: return "plugin";
  }
  return "none";
}

bool is_leaf(TemplateType type) {
  return type != TemplateType::steps && type != TemplateType::dag && type != TemplateType::none;
}

TemplateType Template::type() const {
  return type_fields.size() == 1 ? type_fields.front().type : TemplateType::none;
}

}  // namespace model
