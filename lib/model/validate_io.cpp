// Validation checks: declarations of inputs and outputs (spec section 9 item 10).
#include <fmt/format.h>

#include "model/validation_context.hpp"
#include "model/validation_util.hpp"

namespace model {
namespace {

bool is_pod_type(TemplateType type) {
  return type == TemplateType::container || type == TemplateType::script ||
         type == TemplateType::container_set;
}

/// Argo's Template.IsLeaf(): every type but steps, dag and suspend.
bool is_argo_leaf(TemplateType type) {
  return is_leaf(type) && type != TemplateType::suspend;
}

/// The sources Argo's validateOutputParameter counts on an output: configMapKeyRef and event
/// are argument sources, so an output with only those has no source at all.
int output_source_count(const ValueFrom& vf) {
  return static_cast<int>(vf.path.has_value()) + static_cast<int>(vf.jq_filter.has_value()) +
         static_cast<int>(vf.json_path.has_value()) + static_cast<int>(vf.parameter.has_value()) +
         static_cast<int>(vf.expression.has_value()) + static_cast<int>(vf.supplied.has_value());
}

void check_output_parameter(const ValidationContext& context, const Parameter& p, TemplateType type,
                            const std::string& path) {
  const std::string where = fmt::format("{}.outputs.parameters.{}", path, p.name.value);
  if (!p.value_from) {
    // Suspend outputs too: Argo wants `valueFrom.supplied: {}` there.
    if (!p.value) {
      context.error(p.loc, "output-parameter",
                    fmt::format("{}: valueFrom is required (or a literal value)", where));
    }
    return;
  }
  const ValueFrom& vf = *p.value_from;
  if (p.value) {
    context.error(p.value->loc, "output-parameter",
                  fmt::format("{}: value and valueFrom are mutually exclusive", where));
  }
  if (output_source_count(vf) == 0) {
    // `default` alone is only a fallback for a source that fails.
    context.error(vf.loc, "output-parameter",
                  fmt::format("{}.valueFrom: one of path, jqFilter, jsonPath, parameter, "
                              "expression or supplied must be specified",
                              where));
    return;
  }
  if (output_source_count(vf) > 1) {
    context.error(vf.loc, "output-parameter",
                  fmt::format("{}.valueFrom: only one of path, jqFilter, jsonPath, parameter, "
                              "expression or supplied may be specified",
                              where));
    return;
  }
  if (is_pod_type(type) && !vf.path) {
    context.error(vf.loc, "output-parameter",
                  fmt::format("{}.valueFrom.path must be specified for {} templates", where,
                              to_string(type)));
  }
  if (type == TemplateType::resource && !vf.json_path && !vf.jq_filter) {
    context.error(vf.loc, "output-parameter",
                  fmt::format("{}.valueFrom: jsonPath or jqFilter must be specified for resource "
                              "templates",
                              where));
  }
  if ((type == TemplateType::steps || type == TemplateType::dag) && !vf.parameter &&
      !vf.expression) {
    context.error(vf.loc, "output-parameter",
                  fmt::format("{}.valueFrom: parameter or expression must be specified for {} "
                              "templates",
                              where, to_string(type)));
  }
}

void check_artifact_path(const ValidationContext& context, const Artifact& a, TemplateType type,
                         const std::string& where) {
  if (!a.path) {
    return;
  }
  if (!is_argo_leaf(type) && type != TemplateType::none) {
    context.error(a.path->loc, "artifact-path",
                  fmt::format("{}.path only valid in container/script templates", where));
    return;
  }
  const std::string& path = a.path->value;
  if (path.find("..") != std::string::npos &&
      (path == ".." || path.rfind("../", 0) == 0 || path.find("/../") != std::string::npos ||
       (path.size() >= 3 && path.compare(path.size() - 3, 3, "/..") == 0))) {
    context.error(a.path->loc, "artifact-path",
                  fmt::format("{}.path '{}' must not contain '..'", where, path));
  }
}

void check_template_io(const ValidationContext& context, const Template& tmpl,
                       const std::string& path) {
  const TemplateType type = tmpl.type();
  for (const Parameter& p : tmpl.outputs.parameters) {
    check_output_parameter(context, p, type, path);
  }
  for (const Artifact& a : tmpl.outputs.artifacts) {
    const std::string where = fmt::format("{}.outputs.artifacts.{}", path, a.name.value);
    check_artifact_path(context, a, type, where);
    if (is_pod_type(type) && !a.path && !a.from && !a.from_expression) {
      context.error(a.loc, "artifact-path", fmt::format("{}.path is required", where));
    }
    if (a.from && a.from_expression) {
      context.error(a.from_expression->loc, "artifact-from",
                    fmt::format("{}: from and fromExpression are mutually exclusive", where));
    }
  }
  for (const Artifact& a : tmpl.inputs.artifacts) {
    const std::string where = fmt::format("{}.inputs.artifacts.{}", path, a.name.value);
    check_artifact_path(context, a, type, where);
    if (a.from) {
      context.error(a.from->loc, "artifact-from",
                    fmt::format("{}.from not valid in inputs", where));
    }
  }
}

}  // namespace

void check_io(const ValidationContext& context) {
  for (const TemplateSite& site : all_templates(context.workflow)) {
    check_template_io(context, *site.tmpl, site.path);
  }
}

}  // namespace model
