#include "model/validation_util.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace model {
namespace {

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

void collect_inline(const Template& tmpl, const std::string& path, std::vector<TemplateSite>& out) {
  auto visit_step = [&](const Step& step, const std::string& step_path) {
    if (step.inline_template) {
      const std::string inline_path = step_path + ".inline";
      out.push_back({step.inline_template.get(), inline_path});
      collect_inline(*step.inline_template, inline_path, out);
    }
  };
  if (tmpl.steps) {
    for (size_t i = 0; i < tmpl.steps->size(); ++i) {
      for (const Step& step : (*tmpl.steps)[i].steps) {
        visit_step(step, fmt::format("{}.steps[{}].{}", path, i, step.name.value));
      }
    }
  }
  if (tmpl.dag) {
    for (const Step& task : tmpl.dag->tasks) {
      visit_step(task, fmt::format("{}.tasks.{}", path, task.name.value));
    }
  }
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

bool is_valid_object_name(std::string_view name) {
  if (name.empty() || !is_alnum(name.front())) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

bool is_valid_parameter_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(),
                                      [](char c) { return is_alnum(c) || c == '-' || c == '_'; });
}

bool is_valid_artifact_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return is_alnum(c) || c == '-' || c == '_' || c == '{' || c == '}' || c == '.';
  });
}

bool has_tag(std::string_view text) {
  return text.find("{{") != std::string_view::npos;
}

std::vector<TemplateSite> all_templates(const Workflow& workflow) {
  std::vector<TemplateSite> out;
  for (const Template& tmpl : workflow.spec.templates) {
    const std::string path = fmt::format("templates.{}", tmpl.name.value);
    out.push_back({&tmpl, path});
    collect_inline(tmpl, path, out);
  }
  return out;
}

std::string closest_match(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string match = closest_match(name, candidates);
  return match.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", match);
}

}  // namespace model
