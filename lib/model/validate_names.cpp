// Validation checks: names of the workflow, templates, steps, tasks, containers, parameters
// and artifacts (syntax, length, uniqueness).
#include <fmt/format.h>

#include <map>

#include "model/validation_context.hpp"
#include "model/validation_util.hpp"

namespace model {
namespace {

constexpr size_t k_max_workflow_name = 63;
constexpr size_t k_max_object_name = 128;
constexpr std::string_view k_name_rule =
    "name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric "
    "character";

/// Reports duplicate names within one list; remembers where each name was first seen.
class UniqueNames {
 public:
  UniqueNames(const ValidationContext& context, std::string check)
      : m_context(context), m_check(std::move(check)) {}

  void add(const Scalar& name, std::string_view path) {
    if (name.value.empty()) {
      return;
    }
    auto [it, inserted] = m_seen.emplace(name.value, name.loc.line);
    if (!inserted) {
      m_context.error(name.loc, m_check,
                      fmt::format("{} name '{}' is not unique (first defined at line {})", path,
                                  name.value, it->second));
    }
  }

 private:
  const ValidationContext& m_context;
  std::string m_check;
  std::map<std::string, uint32_t> m_seen;
};

/// Template, step, task and container names.
void check_object_name(const ValidationContext& context, const Scalar& name,
                       std::string_view path) {
  if (name.value.empty()) {
    context.error(name.loc, "name-required", fmt::format("{}.name is required", path));
    return;
  }
  if (!is_valid_object_name(name.value)) {
    context.error(name.loc, "invalid-name",
                  fmt::format("{} name '{}' is invalid: {}", path, name.value, k_name_rule));
  } else if (name.value.size() > k_max_object_name) {
    context.error(name.loc, "invalid-name",
                  fmt::format("{} name '{}' must not be more than {} characters long "
                              "(currently {})",
                              path, name.value, k_max_object_name, name.value.size()));
  }
}

void check_parameters(const ValidationContext& context, const std::vector<Parameter>& params,
                      const std::string& path) {
  UniqueNames unique(context, "duplicate-name");
  for (const Parameter& p : params) {
    if (p.name.value.empty()) {
      context.error(p.loc, "name-required", fmt::format("{}.parameters.name is required", path));
      continue;
    }
    if (!is_valid_parameter_name(p.name.value)) {
      context.error(p.name.loc, "invalid-name",
                    fmt::format("{}.parameters name '{}' is invalid: parameter names must "
                                "consist of alpha-numeric characters, '_' or '-'",
                                path, p.name.value));
    }
    unique.add(p.name, path + ".parameters");
    if (p.global_name && !is_valid_parameter_name(p.global_name->value) &&
        !has_tag(p.global_name->value)) {
      context.error(p.global_name->loc, "invalid-name",
                    fmt::format("{}.parameters.{}.globalName '{}' is invalid: names must consist "
                                "of alpha-numeric characters, '_' or '-'",
                                path, p.name.value, p.global_name->value));
    }
  }
}

void check_artifacts(const ValidationContext& context, const std::vector<Artifact>& artifacts,
                     const std::string& path) {
  UniqueNames unique(context, "duplicate-name");
  for (const Artifact& a : artifacts) {
    if (a.name.value.empty()) {
      context.error(a.loc, "name-required", fmt::format("{}.artifacts.name is required", path));
      continue;
    }
    if (!is_valid_artifact_name(a.name.value)) {
      context.error(a.name.loc, "invalid-name",
                    fmt::format("{}.artifacts name '{}' is invalid: artifact names must consist "
                                "of alpha-numeric characters, '_', '-', '.' or '{{...}}'",
                                path, a.name.value));
    }
    unique.add(a.name, path + ".artifacts");
  }
}

void check_io_names(const ValidationContext& context, const Template& tmpl,
                    const std::string& path) {
  check_parameters(context, tmpl.inputs.parameters, path + ".inputs");
  check_artifacts(context, tmpl.inputs.artifacts, path + ".inputs");
  check_parameters(context, tmpl.outputs.parameters, path + ".outputs");
  check_artifacts(context, tmpl.outputs.artifacts, path + ".outputs");
}

void check_step_names(const ValidationContext& context, const Template& tmpl,
                      const std::string& path) {
  UniqueNames unique(context, "duplicate-name");
  auto check_step = [&](const Step& step, const std::string& step_path) {
    check_object_name(context, step.name, step_path);
    unique.add(step.name, step_path);
    check_parameters(context, step.arguments.parameters, step_path + ".arguments");
    check_artifacts(context, step.arguments.artifacts, step_path + ".arguments");
  };
  if (tmpl.steps) {
    for (size_t i = 0; i < tmpl.steps->size(); ++i) {
      for (const Step& step : (*tmpl.steps)[i].steps) {
        check_step(step, fmt::format("{}.steps[{}]", path, i));
      }
    }
  }
  if (tmpl.dag) {
    for (const Step& task : tmpl.dag->tasks) {
      check_step(task, path + ".tasks");
    }
  }
}

void check_container_names(const ValidationContext& context, const Template& tmpl,
                           const std::string& path) {
  UniqueNames unique(context, "duplicate-name");
  auto check_named = [&](const Container& c, const std::string& list_path) {
    if (!c.name) {
      context.error(c.loc, "name-required", fmt::format("{}.name is required", list_path));
      return;
    }
    check_object_name(context, *c.name, list_path);
    unique.add(*c.name, list_path);
    for (std::string_view reserved : {"wait", "init", "supervisor"}) {
      if (c.name->value == reserved) {
        context.error(c.name->loc, "reserved-name",
                      fmt::format("{} name '{}' is reserved for Argo's own containers", list_path,
                                  c.name->value));
      }
    }
  };
  for (const Container& c : tmpl.sidecars) {
    check_named(c, path + ".sidecars");
  }
  for (const Container& c : tmpl.init_containers) {
    check_named(c, path + ".initContainers");
  }
  if (tmpl.container_set) {
    for (const Container& c : tmpl.container_set->containers) {
      check_named(c, path + ".containerSet.containers");
    }
  }
}

void check_workflow_name(const ValidationContext& context) {
  const ObjectMeta& meta = context.workflow.metadata;
  if (meta.name && meta.name->value.size() > k_max_workflow_name) {
    context.error(meta.name->loc, "name-too-long",
                  fmt::format("workflow name \"{}\" must not be more than {} characters long "
                              "(currently {})",
                              meta.name->value, k_max_workflow_name, meta.name->value.size()));
  }
  if (!meta.name && !meta.generate_name && context.workflow.kind == Kind::workflow) {
    // Kubernetes would refuse it; locally the run can still be named (--name, or the file).
    context.warning(meta.loc.valid() ? meta.loc : context.workflow.loc, "name-required",
                    "metadata has neither name nor generateName: a cluster would reject this "
                    "workflow (flowrun run names it after --name or the file)");
  }
}

}  // namespace

void check_names(const ValidationContext& context) {
  check_workflow_name(context);
  UniqueNames unique_templates(context, "duplicate-name");
  const std::vector<Template>& templates = context.workflow.spec.templates;
  for (size_t i = 0; i < templates.size(); ++i) {
    const Template& tmpl = templates[i];
    const std::string index_path = fmt::format("templates[{}]", i);
    check_object_name(context, tmpl.name, index_path);
    unique_templates.add(tmpl.name, index_path);
  }
  for (const TemplateSite& site : all_templates(context.workflow)) {
    check_io_names(context, *site.tmpl, site.path);
    check_step_names(context, *site.tmpl, site.path);
    check_container_names(context, *site.tmpl, site.path);
  }
  check_parameters(context, context.workflow.spec.arguments.parameters, "spec.arguments");
  check_artifacts(context, context.workflow.spec.arguments.artifacts, "spec.arguments");
}

}  // namespace model
