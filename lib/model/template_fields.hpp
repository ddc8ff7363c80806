/// Every string of a template, step or workflow spec that Argo substitutes `{{...}}` tags in,
/// handed to a visitor with its position. Used by lint (check_variables).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "model/container.hpp"
#include "model/io_types.hpp"
#include "model/scalar.hpp"
#include "model/template.hpp"
#include "model/workflow.hpp"

namespace model {

/// Receives strings. `text` may hold `{{...}}` tags; `expression` is a bare expression
/// (`valueFrom.expression`, `fromExpression`, hook and retry expressions) whose free names
/// are variables.
class FieldVisitor {
 public:
  virtual ~FieldVisitor() = default;
  virtual void text(std::string_view value, const util::SourceLoc& loc) = 0;
  virtual void expression(std::string_view value, const util::SourceLoc& loc) = 0;

  /// Helpers: each forwards to text() (or expression()) when the value is present.
  void scalar(const Scalar& s) { text(s.value, s.loc); }
  void scalar(const OptScalar& s);
  void scalars(const std::vector<Scalar>& list);
  void bare_expression(const OptScalar& s);
  /// Every scalar in a YAML subtree (mapping keys are not substituted).
  void doc(const DocNode& node);
  void doc(const std::optional<DocNode>& node);
};

void visit_parameter(const Parameter& parameter, FieldVisitor& visitor);
void visit_artifact(const Artifact& artifact, FieldVisitor& visitor);
void visit_arguments(const Arguments& arguments, FieldVisitor& visitor);
void visit_inputs(const Inputs& inputs, FieldVisitor& visitor);
void visit_outputs(const Outputs& outputs, FieldVisitor& visitor);
void visit_container(const Container& container, FieldVisitor& visitor);
void visit_volume(const Volume& volume, FieldVisitor& visitor);

/// Everything of a template except `inputs`, `outputs` and its steps or tasks: the leaf
/// body (container, script, resource, http, ...) and the common fields (volumes, retry,
/// timeout, memoize, metrics, podSpecPatch, ...).
void visit_template_body(const Template& tmpl, FieldVisitor& visitor);

/// A step or task, without its arguments, its hooks and its inline template (callers check
/// those with their own rules): template names, when, withItems, withParam, withSequence,
/// onExit.
void visit_step(const Step& step, FieldVisitor& visitor);

/// A lifecycle hook: template names, arguments and its expression.
void visit_hook(const LifecycleHook& hook, FieldVisitor& visitor);

}  // namespace model
