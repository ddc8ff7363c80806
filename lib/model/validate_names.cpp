// Validation checks: names of the workflow, templates, steps, tasks, containers, parameters
// and artifacts (syntax, length, uniqueness).
#include <map>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "model/validation_context.hpp"
#include "model/validation_util.hpp"

namespace model {
namespace {

constexpr size_t k_max_workflow_name = 63;
// A CronWorkflow's runs are named <name>-<unix time>, which must still fit in 63 characters.
constexpr size_t k_max_cron_workflow_name = 52;
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

/// `globalName` of a parameter or artifact: a parameter name, unless it is a `{{...}}` tag
/// (then only known at run time).
void check_global_name(const ValidationContext& context, const OptScalar& global_name,
                       const std::string& where) {
  if (global_name && !is_valid_parameter_name(global_name->value) && !has_tag(global_name->value)) {
    context.error(global_name->loc, "invalid-name",
                  fmt::format("{}.globalName '{}' is invalid: names must consist of "
                              "alpha-numeric characters, '_' or '-'",
                              where, global_name->value));
  }
}

void check_parameters(const ValidationContext& context, const std::vector<Parameter>& params,
                      const std::string& path) {
  UniqueNames unique(context, "duplicate-name");
  for (size_t i = 0; i < params.size(); ++i) {
    const Parameter& p = params[i];
    const std::string item_path = fmt::format("{}.parameters[{}]", path, i);
    if (p.name.value.empty()) {
      context.error(p.loc, "name-required", fmt::format("{}.name is required", item_path));
      continue;
    }
    if (!is_valid_parameter_name(p.name.value)) {
      context.error(p.name.loc, "invalid-name",
                    fmt::format("{} name '{}' is invalid: parameter names must consist of "
                                "alpha-numeric characters, '_' or '-'",
                                item_path, p.name.value));
    }
    unique.add(p.name, item_path);
    check_global_name(context, p.global_name, fmt::format("{}.parameters.{}", path, p.name.value));
  }
}

void check_artifacts(const ValidationContext& context, const std::vector<Artifact>& artifacts,
                     const std::string& path) {
  UniqueNames unique(context, "duplicate-name");
  for (size_t i = 0; i < artifacts.size(); ++i) {
    const Artifact& a = artifacts[i];
    const std::string item_path = fmt::format("{}.artifacts[{}]", path, i);
    if (a.name.value.empty()) {
      context.error(a.loc, "name-required", fmt::format("{}.name is required", item_path));
      continue;
    }
    if (!is_valid_artifact_name(a.name.value)) {
      context.error(a.name.loc, "invalid-name",
                    fmt::format("{} name '{}' is invalid: artifact names must consist of "
                                "alpha-numeric characters, '_', '-', '.' or '{{{{...}}}}'",
                                item_path, a.name.value));
    }
    unique.add(a.name, item_path);
    check_global_name(context, a.global_name, fmt::format("{}.artifacts.{}", path, a.name.value));
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
    for (size_t i = 0; i < tmpl.dag->tasks.size(); ++i) {
      check_step(tmpl.dag->tasks[i], fmt::format("{}.tasks[{}]", path, i));
    }
  }
}

void check_container_names(const ValidationContext& context, const Template& tmpl,
                           const std::string& path) {
  UniqueNames unique(context, "duplicate-name");
  // Sidecars and init containers share the pod with the main container, so "main" is taken
  // too; in a containerSet "main" is the container that loads inputs and saves outputs.
  auto check_named = [&](const Container& c, const std::string& item_path, bool main_taken) {
    if (!c.name) {
      context.error(c.loc, "name-required", fmt::format("{}.name is required", item_path));
      return;
    }
    check_object_name(context, *c.name, item_path);
    unique.add(*c.name, item_path);
    const std::string& name = c.name->value;
    if (name == "wait" || name == "init" || name == "supervisor" ||
        (main_taken && name == "main")) {
      context.error(
          c.name->loc, "reserved-name",
          fmt::format("{} name '{}' is reserved for Argo's own containers", item_path, name));
    }
  };
  for (size_t i = 0; i < tmpl.sidecars.size(); ++i) {
    check_named(tmpl.sidecars[i], fmt::format("{}.sidecars[{}]", path, i), true);
  }
  for (size_t i = 0; i < tmpl.init_containers.size(); ++i) {
    check_named(tmpl.init_containers[i], fmt::format("{}.initContainers[{}]", path, i), true);
  }
  if (tmpl.container_set) {
    const std::vector<Container>& containers = tmpl.container_set->containers;
    for (size_t i = 0; i < containers.size(); ++i) {
      check_named(containers[i], fmt::format("{}.containerSet.containers[{}]", path, i), false);
    }
  }
}

/// Argo's wording for the kind in its name-length message, and the limit for that kind.
std::pair<std::string_view, size_t> name_limit(Kind kind) {
  switch (kind) {
    case Kind::workflow: return {"workflow", k_max_workflow_name};
    case Kind::workflow_template: return {"workflow template", k_max_workflow_name};
    case Kind::cluster_workflow_template: return {"cluster workflow template", k_max_workflow_name};
    case Kind::cron_workflow: return {"cron workflow", k_max_cron_workflow_name};
  }
  return {"workflow", k_max_workflow_name};
}

void check_workflow_name(const ValidationContext& context) {
  const ObjectMeta& meta = context.workflow.metadata;
  const auto [kind_name, limit] = name_limit(context.workflow.kind);
  if (meta.name && meta.name->value.size() > limit) {
    context.error(meta.name->loc, "name-too-long",
                  fmt::format("{} name \"{}\" must not be more than {} characters long "
                              "(currently {})",
                              kind_name, meta.name->value, limit, meta.name->value.size()));
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
