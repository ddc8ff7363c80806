/// What every validation check gets: the document, the template library, the options and
/// where to report. Internal to model/.
#pragma once

#include <string>
#include <string_view>

#include "model/diagnostic.hpp"
#include "model/validate.hpp"
#include "model/workflow.hpp"

namespace model {

/// A call's target: the template and the document it lives in (the workflow itself, or the
/// WorkflowTemplate a templateRef names).
struct ResolvedTemplate {
  const Template* tmpl = nullptr;
  const Workflow* owner = nullptr;
  explicit operator bool() const { return tmpl != nullptr; }
};

struct ValidationContext {
  const Workflow& workflow;
  const TemplateLibrary& library;
  const ValidateOptions& options;
  Diagnostics& diagnostics;

  void error(util::SourceLoc loc, std::string check, std::string message) const {
    diagnostics.error(loc, std::move(check), std::move(message));
  }
  void warning(util::SourceLoc loc, std::string check, std::string message) const {
    diagnostics.warning(loc, std::move(check), std::move(message));
  }

  /// The entrypoint in force (--entrypoint, else spec.entrypoint), or "".
  std::string entrypoint() const;
  /// The template a step or task calls: `template` looked up in `scope` (the document the
  /// caller lives in), `templateRef` in the library, or `inline`. Reports nothing.
  ResolvedTemplate resolve(const Step& step, const Workflow& scope) const;
  /// Same for a lifecycle hook.
  ResolvedTemplate resolve(const LifecycleHook& hook, const Workflow& scope) const;
};

// The checks, one group per file (validate_<group>.cpp). Each reports to context.diagnostics.
void check_names(const ValidationContext& context);       ///< names: syntax, uniqueness, length
void check_templates(const ValidationContext& context);   ///< types, leaf-only fields, images
void check_durations(const ValidationContext& context);   ///< timeouts, deadlines, retry, backoff
void check_io(const ValidationContext& context);          ///< inputs/outputs declarations
void check_references(const ValidationContext& context);  ///< entrypoint, template refs, hooks
void check_dag(const ValidationContext& context);         ///< dependencies, depends, cycles
void check_variables(const ValidationContext& context);   ///< {{...}} references that never resolve
void check_arguments(const ValidationContext& context);   ///< parameter values, enums, inputs
void check_kubernetes_fields(const ValidationContext& context);  ///< fields flowrun ignores

}  // namespace model
