#include "engine/preflight.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace engine {
namespace {

constexpr std::string_view k_suffix = "is not supported by this version of flowrun";

class Checker {
 public:
  Checker(const model::Workflow& workflow, const model::TemplateLibrary* library)
      : m_lookup(workflow, library) {}

  void add(const util::SourceLoc& loc, const std::string& what) {
    m_found.push_back({loc, fmt::format("{} {}", what, k_suffix)});
  }

  void visit_name(const model::Workflow& document, const std::string& name) {
    util::Result<TemplateHandle> handle = m_lookup.by_name(document, name);
    if (handle.ok()) {
      visit(*handle->tmpl, *handle->document);
    }
  }

  void visit_call(const model::Workflow& document, const model::OptScalar& name,
                  const std::optional<model::TemplateRef>& ref,
                  const model::Template* inline_tmpl) {
    util::Result<TemplateHandle> handle = m_lookup.resolve(document, name, ref, inline_tmpl);
    if (handle.ok()) {
      visit(*handle->tmpl, *handle->document);
    }
  }

  void visit(const model::Template& tmpl, const model::Workflow& document) {
    if (!m_seen.insert(&tmpl).second) {
      return;
    }
    check_template(tmpl);
    auto visit_step = [&](const model::Step& step) {
      for (const model::LifecycleHook& hook : step.hooks) {
        if (hook.name.value != "exit") {
          add(hook.loc,
              fmt::format("the lifecycle hook '{}' (hooks other than exit)", hook.name.value));
        } else if (hook.expression) {
          add(hook.expression->loc, "an exit hook expression");
        }
        visit_call(document, hook.template_name, hook.template_ref, nullptr);
      }
      if (step.on_exit) {
        visit_name(document, step.on_exit->value);
      }
      for (const model::Artifact& artifact : step.arguments.artifacts) {
        add(artifact.loc, "artifacts");
      }
      visit_call(document, step.template_name, step.template_ref, step.inline_template.get());
    };
    if (tmpl.steps) {
      for (const model::StepGroup& group : *tmpl.steps) {
        for (const model::Step& step : group.steps) {
          visit_step(step);
        }
      }
    }
    if (tmpl.dag) {
      for (const model::Step& task : tmpl.dag->tasks) {
        visit_step(task);
      }
    }
  }

  void check_template(const model::Template& tmpl) {
    switch (tmpl.type()) {
      case model::TemplateType::container:
      case model::TemplateType::script:
      case model::TemplateType::steps:
      case model::TemplateType::dag: break;
      default:
        add(tmpl.type_fields.empty() ? tmpl.loc : tmpl.type_fields.front().loc,
            fmt::format("the {} template type", model::to_string(tmpl.type())));
    }
    if (tmpl.retry_strategy) {
      add(tmpl.retry_strategy->loc, "retryStrategy");
    }
    if (tmpl.fail_fast && tmpl.steps && tmpl.fail_fast->value == "true") {
      // Argo leaves a failed group's unstarted (parallelism-held) steps unstarted.
      add(tmpl.fail_fast->loc, "failFast on a steps template");
    }
    if (tmpl.timeout) {
      add(tmpl.timeout->loc, "timeout");
    }
    if (tmpl.active_deadline_seconds) {
      add(tmpl.active_deadline_seconds->loc, "activeDeadlineSeconds");
    }
    if (tmpl.memoize) {
      add(tmpl.memoize->loc, "memoize");
    }
    if (tmpl.synchronization) {
      add(tmpl.synchronization->loc, "synchronization");
    }
    for (const model::Container& sidecar : tmpl.sidecars) {
      add(sidecar.loc, "sidecars");
    }
    for (const model::Container& init : tmpl.init_containers) {
      add(init.loc, "initContainers");
    }
    for (const model::Volume& volume : tmpl.volumes) {
      add(volume.loc, "volumes");
    }
    for (const model::Artifact& artifact : tmpl.inputs.artifacts) {
      add(artifact.loc, "artifacts");
    }
    for (const model::Artifact& artifact : tmpl.outputs.artifacts) {
      add(artifact.loc, "artifacts");
    }
    for (const model::Parameter& parameter : tmpl.inputs.parameters) {
      if (parameter.value_from && parameter.value_from->config_map_key_ref) {
        add(parameter.value_from->config_map_key_ref->loc, "configMapKeyRef");
      }
    }
    for (const model::Parameter& parameter : tmpl.outputs.parameters) {
      if (parameter.value_from && parameter.value_from->expression) {
        add(parameter.value_from->expression->loc, "valueFrom.expression");
      }
      if (parameter.value_from && parameter.value_from->supplied) {
        add(*parameter.value_from->supplied, "valueFrom.supplied");
      }
    }
    const model::Container* main = tmpl.container ? &*tmpl.container
                                   : tmpl.script  ? &*tmpl.script
                                                  : nullptr;
    if (main != nullptr) {
      for (const model::VolumeMount& mount : main->volume_mounts) {
        add(mount.loc, "volumeMounts");
      }
      for (const model::EnvVar& env : main->env) {
        if (env.value_from) {
          add(env.value_from->loc, "env valueFrom");
        }
      }
      for (const model::DocNode& from : main->env_from) {
        add(from.loc, "envFrom");
      }
    }
  }

  void check_expression_tags(const model::DocNode& node) {
    switch (node.kind) {
      case model::DocKind::scalar:
        if (node.text.find("{{=") != std::string::npos) {
          add(node.loc, "an expression tag {{=...}}");
        }
        break;
      case model::DocKind::sequence:
        for (const model::DocNode& item : node.items) {
          check_expression_tags(item);
        }
        break;
      case model::DocKind::mapping:
        for (const model::DocEntry& entry : node.entries) {
          check_expression_tags(entry.value);
        }
        break;
      case model::DocKind::null: break;
    }
  }

  std::vector<Unsupported> take() {
    std::stable_sort(
        m_found.begin(), m_found.end(), [](const Unsupported& a, const Unsupported& b) {
          return std::tie(a.loc.line, a.loc.column) < std::tie(b.loc.line, b.loc.column);
        });
    return std::move(m_found);
  }

 private:
  TemplateLookup m_lookup;
  std::set<const model::Template*> m_seen;
  std::vector<Unsupported> m_found;
};

}  // namespace

std::vector<Unsupported> preflight(const model::Workflow& workflow,
                                   const model::TemplateLibrary* library,
                                   const std::string& entrypoint) {
  Checker checker(workflow, library);
  const model::WorkflowSpec& spec = workflow.spec;
  if (spec.workflow_template_ref) {
    checker.add(spec.workflow_template_ref->loc, "workflowTemplateRef");
  }
  if (spec.template_defaults) {
    checker.add(spec.template_defaults->loc, "templateDefaults");
  }
  if (spec.retry_strategy) {
    checker.add(spec.retry_strategy->loc, "spec.retryStrategy");
  }
  if (spec.active_deadline_seconds) {
    checker.add(spec.active_deadline_seconds->loc, "spec.activeDeadlineSeconds");
  }
  if (spec.synchronization) {
    checker.add(spec.synchronization->loc, "spec.synchronization");
  }
  for (const model::Volume& volume : spec.volumes) {
    checker.add(volume.loc, "volumes");
  }
  for (const model::VolumeClaimTemplate& claim : spec.volume_claim_templates) {
    checker.add(claim.loc, "volumeClaimTemplates");
  }
  for (const model::Artifact& artifact : spec.arguments.artifacts) {
    checker.add(artifact.loc, "artifacts");
  }
  for (const model::Parameter& parameter : spec.arguments.parameters) {
    if (parameter.value_from && parameter.value_from->config_map_key_ref) {
      checker.add(parameter.value_from->config_map_key_ref->loc, "configMapKeyRef");
    }
  }
  if (spec.suspend && spec.suspend->value == "true") {
    checker.add(spec.suspend->loc, "spec.suspend");
  }
  for (const model::LifecycleHook& hook : spec.hooks) {
    if (hook.name.value != "exit") {
      checker.add(hook.loc,
                  fmt::format("the lifecycle hook '{}' (hooks other than exit)", hook.name.value));
      continue;
    }
    checker.visit_call(workflow, hook.template_name, hook.template_ref, nullptr);
  }
  if (spec.on_exit) {
    checker.visit_name(workflow, spec.on_exit->value);
  }
  const std::string entry =
      entrypoint.empty() && spec.entrypoint ? spec.entrypoint->value : entrypoint;
  checker.visit_name(workflow, entry);
  if (workflow.document != nullptr) {
    checker.check_expression_tags(*workflow.document);
  }
  return checker.take();
}

}  // namespace engine
