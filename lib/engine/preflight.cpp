#include "engine/preflight.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "engine/artifacts.hpp"
#include "engine/preflight_data.hpp"
#include "engine/preflight_pods.hpp"
#include "engine/preflight_resource.hpp"
#include "engine/synchronization.hpp"

namespace engine {
namespace {

constexpr std::string_view k_suffix = "is not supported by this version of flowrun";

class Checker {
 public:
  Checker(const model::Workflow& workflow, const model::TemplateLibrary* library,
          const PreflightOptions& options)
      : m_lookup(workflow, library), m_options(options) {}

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
        check_artifact(artifact, false);
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

  /// An artifact flowrun can move: with a store, in the local repository (key-only or a
  /// bucket mapped into it), raw or http for inputs.
  void check_artifact(const model::Artifact& artifact, bool output) {
    if (!m_options.artifacts) {
      add(artifact.loc, "artifacts");
      return;
    }
    const std::string& kind = artifact.location_kind;
    const bool repository = address_fields(kind).has_value();
    const model::DocNode* at = artifact.location ? &*artifact.location : nullptr;
    if (!kind.empty() && !repository && (output || !loadable_location_kind(kind))) {
      add(at != nullptr ? at->loc : artifact.loc,
          fmt::format("{} {} artifacts (flowrun reaches its local artifact repository, raw and "
                      "http inputs)",
                      kind, output ? "output" : "input"));
    }
    if (artifact.archive_logs) {
      add(artifact.loc, "archiveLogs");
    }
  }

  void check_template(const model::Template& tmpl) {
    switch (tmpl.type()) {
      case model::TemplateType::container:
      case model::TemplateType::script:
      case model::TemplateType::suspend:
      case model::TemplateType::http:  // in-process (run_http.cpp)
      case model::TemplateType::steps:
      case model::TemplateType::dag: break;
      case model::TemplateType::resource:
        check_resource_template(tmpl, m_options.resources, m_found);
        break;
      case model::TemplateType::data: check_data_template(tmpl, m_found); break;
      case model::TemplateType::container_set:
        // Its members run to completion one after another; a daemon set never gets ready.
        if (tmpl.daemon) {
          add(tmpl.type_fields.empty() ? tmpl.loc : tmpl.type_fields.front().loc,
              "a daemon containerSet");
        }
        break;
      default:
        add(tmpl.type_fields.empty() ? tmpl.loc : tmpl.type_fields.front().loc,
            fmt::format("the {} template type", model::to_string(tmpl.type())));
    }
    check_retry(tmpl.retry_strategy);
    if (tmpl.memoize && !m_options.memoize) {  // RunRequest::memo keeps the outputs
      add(tmpl.memoize->loc, "memoize");
    }
    if (tmpl.synchronization) {
      check_synchronization(*tmpl.synchronization);
    }
    check_pod_fields(tmpl, m_options.objects, m_found);
    for (const model::Artifact& artifact : tmpl.inputs.artifacts) {
      check_artifact(artifact, false);
    }
    for (const model::Artifact& artifact : tmpl.outputs.artifacts) {
      check_artifact(artifact, true);
    }

    for (const model::Parameter& parameter : tmpl.inputs.parameters) {
      if (parameter.value_from && parameter.value_from->config_map_key_ref) {
        add(parameter.value_from->config_map_key_ref->loc, "configMapKeyRef");
      }
    }
    for (const model::Parameter& parameter : tmpl.outputs.parameters) {
      // Supplied values come with a resume, which only suspend nodes wait for.
      if (!tmpl.suspend && parameter.value_from && parameter.value_from->supplied) {
        add(*parameter.value_from->supplied, "valueFrom.supplied");
      }
    }
  }

  /// retryStrategy runs, but its expression needs an evaluator from the caller.
  void check_retry(const std::optional<model::RetryStrategy>& retry) {
    if (retry && retry->expression && !m_options.retry_expression) {
      add(retry->expression->loc, "retryStrategy.expression");
    }
  }

  /// Mutexes are held locally; semaphores need their limit from a local configMap.
  void check_synchronization(const model::DocNode& synchronization) {
    for (const LockRef& lock : parse_synchronization(synchronization)) {
      if (lock.kind != LockRef::Kind::semaphore) {
        continue;
      }
      if (lock.database) {
        add(lock.loc, "a database semaphore (its limit lives in Argo's controller database)");
      } else if (m_options.objects == nullptr ||
                 !m_options.objects->value(ObjectKind::config_map, lock.config_map, lock.key)
                      .ok()) {
        m_found.push_back(
            {lock.loc, fmt::format("the semaphore's limit, configmap \"{}\" key \"{}\", is not "
                                   "available: put it in --configmaps-dir DIR/{}/{}",
                                   lock.config_map, lock.key, lock.config_map, lock.key)});
      }
    }
  }

  void check_volumes(const model::WorkflowSpec& spec) {
    check_workflow_volumes(spec, m_options.objects, m_found);
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
  PreflightOptions m_options;
  std::set<const model::Template*> m_seen;
  std::vector<Unsupported> m_found;
};

}  // namespace

std::vector<Unsupported> preflight(const model::Workflow& workflow,
                                   const model::TemplateLibrary* library,
                                   const std::string& entrypoint, const PreflightOptions& options) {
  Checker checker(workflow, library, options);
  const model::WorkflowSpec& spec = workflow.spec;
  if (spec.workflow_template_ref) {
    checker.add(spec.workflow_template_ref->loc, "workflowTemplateRef");
  }
  if (spec.template_defaults) {
    // The engine merges retryStrategy, timeout and activeDeadlineSeconds; other defaults
    // would need Kubernetes' strategic merge of whole templates.
    const model::DocNode* spec_node =
        workflow.document != nullptr ? workflow.document->find("spec") : nullptr;
    const model::DocNode* defaults =
        spec_node != nullptr ? spec_node->find("templateDefaults") : nullptr;
    if (defaults == nullptr || !defaults->is_mapping()) {
      checker.add(spec.template_defaults->loc, "templateDefaults");
    } else {
      for (const model::DocEntry& entry : defaults->entries) {
        if (entry.key != "retryStrategy" && entry.key != "timeout" &&
            entry.key != "activeDeadlineSeconds") {
          checker.add(entry.key_loc, "templateDefaults." + entry.key);
        }
      }
    }
    checker.check_retry(spec.template_defaults->retry_strategy);
  }
  checker.check_retry(spec.retry_strategy);
  if (spec.synchronization) {
    checker.check_synchronization(*spec.synchronization);
  }
  checker.check_volumes(spec);
  for (const model::Artifact& artifact : spec.arguments.artifacts) {
    checker.check_artifact(artifact, false);
  }
  for (const model::Parameter& parameter : spec.arguments.parameters) {
    if (parameter.value_from && parameter.value_from->config_map_key_ref) {
      checker.add(parameter.value_from->config_map_key_ref->loc, "configMapKeyRef");
    }
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
  return checker.take();
}

}  // namespace engine
