/// Small helpers shared by the validation checks. Internal to model/.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/workflow.hpp"

namespace model {

/// Argo's name rule for templates, steps, tasks and containers:
/// `^[a-zA-Z0-9][-a-zA-Z0-9]*$`.
bool is_valid_object_name(std::string_view name);
/// Parameter names: `^[-a-zA-Z0-9_]+$`.
bool is_valid_parameter_name(std::string_view name);
/// Artifact names: `^[-a-zA-Z0-9_{}.]+$` (may hold a `{{...}}` placeholder).
bool is_valid_artifact_name(std::string_view name);
/// True when `text` contains a `{{` tag, i.e. its value is only known at run time.
bool has_tag(std::string_view text);

/// A template with the path messages use for it ("templates.main", or the inline step path).
struct TemplateSite {
  const Template* tmpl = nullptr;
  std::string path;
};

/// spec.templates and every inline template inside their steps and tasks, depth first.
std::vector<TemplateSite> all_templates(const Workflow& workflow);

/// The closest of `candidates` to `name` by edit distance, if close enough to suggest.
std::string closest_match(std::string_view name, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace model
