// Validation checks: one type per template, images, and the rules of each template type
// (spec sections 1 and 9 items 4, 9).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model/validation_context.hpp"
#include "model/validation_util.hpp"
#include "model/yaml_reader.hpp"

namespace model {
namespace {

void check_type(const ValidationContext& context, const Template& tmpl, const std::string& path) {
  if (tmpl.type_fields.empty()) {
    context.error(tmpl.name.loc.valid() ? tmpl.name.loc : tmpl.loc, "template-type",
                  // Argo's own wording, list included (it predates data, http and plugin).
                  fmt::format("{} template type unspecified. choose one of: container, "
                              "containerSet, steps, script, resource, dag, suspend, template, "
                              "template ref",
                              path));
  } else if (tmpl.type_fields.size() > 1) {
    std::string names;
    for (const TypeField& field : tmpl.type_fields) {
      names += names.empty() ? "" : ", ";
      names += to_string(field.type);
    }
    context.error(
        tmpl.type_fields[1].loc, "template-type",
        fmt::format("{} multiple template types specified ({}): choose one", path, names));
  }
}

bool default_image(const ValidationContext& context, TemplateType type) {
  const std::optional<Template>& defaults = context.workflow.spec.template_defaults;
  if (!defaults) {
    return false;
  }
  const std::optional<Container>& c =
      type == TemplateType::script ? defaults->script : defaults->container;
  return c && c->image && !c->image->value.empty();
}

void check_image(const ValidationContext& context, const Container& c, const std::string& path,
                 TemplateType type) {
  if ((!c.image || c.image->value.empty()) && !default_image(context, type)) {
    context.error(c.loc, "image-required", fmt::format("{}.image may not be empty", path));
  }
}

/// The main container's mounts; `tmpl_path` is the template's path, `path` the container's.
void check_mounts(const ValidationContext& context, const Template& tmpl, const Container& c,
                  const std::string& tmpl_path, const std::string& path,
                  const std::set<std::string>& volumes) {
  std::map<std::string, uint32_t> seen;
  for (const VolumeMount& m : c.volume_mounts) {
    auto [it, inserted] = seen.emplace(m.mount_path.value, m.mount_path.loc.line);
    if (!inserted) {
      context.error(m.mount_path.loc, "duplicate-mount",
                    fmt::format("{}.volumeMounts: mountPath '{}' is already used at line {}", path,
                                m.mount_path.value, it->second));
    }
    if (context.workflow.kind == Kind::workflow && !has_tag(m.name.value) &&
        volumes.count(m.name.value) == 0) {
      context.error(m.name.loc, "unknown-volume",
                    fmt::format("{}.volumeMounts: volume '{}' is not defined in the template's "
                                "volumes, spec.volumes or spec.volumeClaimTemplates",
                                path, m.name.value));
    }
  }
  for (const Artifact& a : tmpl.inputs.artifacts) {
    if (a.path && seen.count(a.path->value) > 0) {
      context.error(a.path->loc, "duplicate-mount",
                    fmt::format("{}.inputs.artifacts.{}.path '{}' is also a volume mount path",
                                tmpl_path, a.name.value, a.path->value));
    }
  }
}

void check_resource(const ValidationContext& context, const ResourceTemplate& r,
                    const Inputs& inputs, const std::string& path) {
  static const std::set<std::string> k_actions = {"get",    "create",  "apply",
                                                  "delete", "replace", "patch"};
  if (!r.action) {
    context.error(r.loc, "resource", fmt::format("{}.action is required", path));
  } else if (!has_tag(r.action->value) && k_actions.count(r.action->value) == 0) {
    context.error(r.action->loc, "resource",
                  fmt::format("{}.action '{}' is invalid: must be one of get, create, apply, "
                              "delete, replace, patch",
                              path, r.action->value));
  }
  if (r.merge_strategy && r.merge_strategy->value != "strategic" &&
      r.merge_strategy->value != "merge" && r.merge_strategy->value != "json") {
    context.error(r.merge_strategy->loc, "resource",
                  fmt::format("{}.mergeStrategy '{}' is invalid: must be strategic, merge or json",
                              path, r.merge_strategy->value));
  }
  const bool needs_manifest =
      !r.action || (r.action->value != "get" && r.action->value != "delete");
  if (r.manifest && r.manifest_from) {
    context.error(r.manifest_from->loc, "resource",
                  fmt::format("{}: manifest and manifestFrom are mutually exclusive", path));
  } else if (!r.manifest && !r.manifest_from && needs_manifest) {
    context.error(r.loc, "resource",
                  fmt::format("{}: one of manifest or manifestFrom is required", path));
  }
  if (r.manifest_from && !has_tag(r.manifest_from->name.value)) {
    const std::string& name = r.manifest_from->name.value;
    const bool declared = std::any_of(inputs.artifacts.begin(), inputs.artifacts.end(),
                                      [&](const Artifact& a) { return a.name.value == name; });
    if (!declared) {
      context.error(r.manifest_from->name.loc, "resource",
                    fmt::format("{}.manifestFrom.artifact '{}' is not an input artifact of the "
                                "template",
                                path, name));
    }
  }
  if (r.manifest && !has_tag(r.manifest->value)) {
    const util::SourceFile manifest("manifest", r.manifest->value);
    Diagnostics parse;
    read_yaml(manifest, parse);
    for (const Diagnostic& d : parse.all()) {
      if (d.severity == Severity::error) {
        context.error(r.manifest->loc, "resource",
                      fmt::format("{}.manifest is not valid YAML (its line {}): {}", path,
                                  d.loc.line, d.message));
        break;
      }
    }
  }
}

/// Depth-first search for a dependency cycle among containerSet containers. On finding one,
/// sets `cycle` to "a->b->a" and `loc` to the dependency that closes it.
bool find_cycle(const std::map<std::string, const Container*>& by_name, const std::string& name,
                std::vector<std::string>& path, std::set<std::string>& done, std::string& cycle,
                util::SourceLoc& loc) {
  if (done.count(name) > 0) {
    return false;
  }
  path.push_back(name);
  for (const Scalar& dep : by_name.at(name)->dependencies) {
    const auto on_path = std::find(path.begin(), path.end(), dep.value);
    if (on_path != path.end()) {
      for (auto it = on_path; it != path.end(); ++it) {
        cycle += *it + "->";
      }
      cycle += dep.value;
      loc = dep.loc;
      return true;
    }
    if (by_name.count(dep.value) > 0 && find_cycle(by_name, dep.value, path, done, cycle, loc)) {
      return true;
    }
  }
  path.pop_back();
  done.insert(name);
  return false;
}

void check_container_set_cycles(const ValidationContext& context, const ContainerSetTemplate& set,
                                const std::string& path) {
  std::map<std::string, const Container*> by_name;  // ordered: the report does not vary
  for (const Container& c : set.containers) {
    if (c.name) {
      by_name.emplace(c.name->value, &c);
    }
  }
  std::set<std::string> done;
  for (const auto& entry : by_name) {
    std::vector<std::string> stack;
    std::string cycle;
    util::SourceLoc loc;
    if (find_cycle(by_name, entry.first, stack, done, cycle, loc)) {
      context.error(
          loc, "container-set",
          fmt::format("{}.containerSet.containers dependency cycle detected: {}", path, cycle));
      return;
    }
  }
}

void check_container_set(const ValidationContext& context, const Template& tmpl,
                         const ContainerSetTemplate& set, const std::string& path) {
  if (set.containers.empty()) {
    context.error(set.loc, "container-set",
                  fmt::format("{}.containerSet.containers must have at least one container", path));
  }
  std::set<std::string> names;
  for (const Container& c : set.containers) {
    if (c.name) {
      names.insert(c.name->value);
    }
  }
  for (const Container& c : set.containers) {
    check_image(context, c, path + ".containerSet.containers." + (c.name ? c.name->value : ""),
                TemplateType::container);
    for (const Scalar& dep : c.dependencies) {
      if (names.count(dep.value) == 0) {
        context.error(dep.loc, "container-set",
                      fmt::format("{}.containerSet.containers.{} dependency '{}' not defined", path,
                                  c.name ? c.name->value : "", dep.value));
      }
    }
  }
  check_container_set_cycles(context, set, path);
  const bool has_io = !tmpl.inputs.artifacts.empty() || !tmpl.outputs.parameters.empty() ||
                      !tmpl.outputs.artifacts.empty();
  if (has_io && names.count("main") == 0) {
    context.error(set.loc, "container-set",
                  fmt::format("{}.containerSet: a container named 'main' is required when the "
                              "template has input artifacts or outputs",
                              path));
  }
}

void check_leaf_blocks(const ValidationContext& context, const Template& tmpl,
                       const std::string& path) {
  if (tmpl.container) {
    check_image(context, *tmpl.container, path + ".container", TemplateType::container);
  }
  if (tmpl.script) {
    check_image(context, *tmpl.script, path + ".script", TemplateType::script);
    if (!tmpl.script->source || tmpl.script->source->value.empty()) {
      // Argo accepts this and runs the container without a script (the controller only logs
      // a warning), so it is not an error here either.
      context.warning(tmpl.script->loc, "script-source",
                      fmt::format("{}.script.source is empty: the container runs without a "
                                  "script",
                                  path));
    }
  }
  if (tmpl.resource) {
    check_resource(context, *tmpl.resource, tmpl.inputs, path + ".resource");
  }
  if (tmpl.http && (!tmpl.http->url || tmpl.http->url->value.empty())) {
    context.error(tmpl.http->loc, "http", fmt::format("{}.http.url is required", path));
  }
  if (tmpl.data) {
    if (!tmpl.data->artifact_paths) {
      context.error(tmpl.data->loc, "data",
                    fmt::format("{}.data.source.artifactPaths is required", path));
    }
  }
  if (tmpl.container_set) {
    check_container_set(context, tmpl, *tmpl.container_set, path);
  }
  for (const Container& c : tmpl.sidecars) {
    check_image(context, c, path + ".sidecars." + (c.name ? c.name->value : ""),
                TemplateType::container);
  }
  for (const Container& c : tmpl.init_containers) {
    check_image(context, c, path + ".initContainers." + (c.name ? c.name->value : ""),
                TemplateType::container);
  }
}

void check_loops(const ValidationContext& context, const Step& step, const std::string& path) {
  const int loops = static_cast<int>(step.with_items.has_value()) +
                    static_cast<int>(step.with_param.has_value()) +
                    static_cast<int>(step.with_sequence.has_value());
  if (loops > 1) {
    context.error(step.loc, "loop",
                  fmt::format("{}: only one of withItems, withParam, withSequence can be "
                              "specified",
                              path));
  }
  if (step.with_sequence && step.with_sequence->count && step.with_sequence->end) {
    context.error(step.with_sequence->end->loc, "loop",
                  fmt::format("{}.withSequence: only one of count or end can be specified", path));
  }
}

void check_steps_and_tasks(const ValidationContext& context, const Template& tmpl,
                           const std::string& path) {
  if (tmpl.steps) {
    for (size_t i = 0; i < tmpl.steps->size(); ++i) {
      for (const Step& step : (*tmpl.steps)[i].steps) {
        check_loops(context, step, fmt::format("{}.steps[{}].{}", path, i, step.name.value));
      }
    }
  }
  if (tmpl.dag) {
    for (const Step& task : tmpl.dag->tasks) {
      check_loops(context, task, fmt::format("{}.tasks.{}", path, task.name.value));
    }
  }
}

std::set<std::string> workflow_volumes(const Workflow& workflow) {
  std::set<std::string> names;
  for (const Volume& v : workflow.spec.volumes) {
    names.insert(v.name.value);
  }
  for (const VolumeClaimTemplate& claim : workflow.spec.volume_claim_templates) {
    names.insert(claim.name.value);
  }
  // templateDefaults is merged into every template, its volumes included.
  if (workflow.spec.template_defaults) {
    for (const Volume& v : workflow.spec.template_defaults->volumes) {
      names.insert(v.name.value);
    }
  }
  return names;
}

}  // namespace

void check_templates(const ValidationContext& context) {
  const std::set<std::string> spec_volumes = workflow_volumes(context.workflow);
  for (const TemplateSite& site : all_templates(context.workflow)) {
    const Template& tmpl = *site.tmpl;
    check_type(context, tmpl, site.path);
    check_leaf_blocks(context, tmpl, site.path);
    check_steps_and_tasks(context, tmpl, site.path);
    std::set<std::string> volumes = spec_volumes;
    for (const Volume& v : tmpl.volumes) {
      volumes.insert(v.name.value);
    }
    const Container* main = tmpl.container ? &*tmpl.container
                            : tmpl.script  ? &*tmpl.script
                                           : nullptr;
    if (main != nullptr) {
      check_mounts(context, tmpl, *main, site.path,
                   site.path + (tmpl.container ? ".container" : ".script"), volumes);
    }
  }
  const WorkflowSpec& spec = context.workflow.spec;
  if (spec.workflow_template_ref && !spec.templates.empty()) {
    context.error(spec.templates.front().loc, "workflow-template-ref",
                  "Templates is invalid field in spec if workflow referred WorkflowTemplate "
                  "reference");
  }
  if (spec.pod_gc_strategy) {
    static const std::set<std::string> k_strategies = {"", "OnPodCompletion", "OnPodSuccess",
                                                       "OnWorkflowCompletion", "OnWorkflowSuccess"};
    if (k_strategies.count(spec.pod_gc_strategy->value) == 0) {
      context.error(
          spec.pod_gc_strategy->loc, "pod-gc",
          fmt::format("podGC.strategy unknown strategy '{}'", spec.pod_gc_strategy->value));
    }
  }
  if (spec.volume_claim_gc_strategy) {
    const std::string& s = spec.volume_claim_gc_strategy->value;
    if (!s.empty() && s != "OnWorkflowSuccess" && s != "OnWorkflowCompletion") {
      context.error(spec.volume_claim_gc_strategy->loc, "volume-claim-gc",
                    fmt::format("volumeClaimGC.strategy unknown strategy '{}': must be "
                                "OnWorkflowSuccess or OnWorkflowCompletion",
                                s));
    }
  }
}

}  // namespace model
