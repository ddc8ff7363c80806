// suspend templates (spec 1.5): a Suspend node stays Running until its duration has passed
// since it started, or a resume (`flowrun resume`, `flowrun node set --phase`) ends it. Output
// parameters with `valueFrom.supplied` take the value supplied at the resume, else their
// default, else the node's input of the same name.
#include <fmt/format.h>

#include "engine/run.hpp"
#include "util/duration.hpp"

namespace engine {

void Run::execute_suspend(const Call& call, const std::string& id, const BoundInputs& inputs) {
  const model::Template& tmpl = *call.handle.tmpl;
  SuspendState state;
  state.tmpl = &tmpl;
  state.on_exit = call.on_exit;
  std::optional<util::Duration> duration;
  if (tmpl.suspend->duration && !tmpl.suspend->duration->value.empty()) {
    const std::unique_ptr<expr::Scope> scope = make_local_scope(call, inputs);
    util::Result<std::string> text =
        expr::substitute(tmpl.suspend->duration->value, *scope, expr::Mode::strict);
    if (!text.ok()) {
      set_phase(id, graph::Phase::error, text.error().message);
      return;
    }
    std::string error;
    duration = util::parse_seconds_or_duration(text.value(), &error);
    if (!duration) {
      set_phase(id, graph::Phase::error,
                fmt::format("Unable to parse suspend duration '{}': {}", text.value(), error));
      return;
    }
  }
  mark_running(id);
  m_active_suspends.emplace(id, std::move(state));
  if (duration) {
    const TimePoint started = node(id).started_at.value_or(m_clock.now());
    add_node_timer(id, started + std::chrono::duration_cast<TimePoint::duration>(*duration),
                   [this, id] {
                     if (std::optional<std::string> failed =
                             resume_suspend_node(id, graph::Phase::succeeded, {}, {})) {
                       m_active_suspends.erase(id);
                       set_phase(id, graph::Phase::error, std::move(*failed));
                     }
                   });
  }
}

std::optional<std::string> Run::resume_suspend_node(
    const std::string& id, graph::Phase phase, std::string message,
    const std::vector<std::pair<std::string, std::string>>& supplied) {
  const auto it = m_active_suspends.find(id);
  if (it == m_active_suspends.end()) {
    return fmt::format("node {} is not suspended", id);
  }
  graph::Node& suspended = node(id);
  const model::Template& tmpl = *it->second.tmpl;
  std::vector<std::pair<std::string, std::string>> values;
  if (phase == graph::Phase::succeeded) {
    for (const model::Parameter& output : tmpl.outputs.parameters) {
      if (!output.value_from || !output.value_from->supplied) {
        continue;
      }
      const std::string& name = output.name.value;
      std::optional<std::string> value;
      // Later values win: the resume's own over earlier `node set` ones.
      const std::vector<std::pair<std::string, std::string>>* sources[] = {&it->second.supplied,
                                                                           &supplied};
      for (const auto* source : sources) {
        for (const auto& [key, given] : *source) {
          if (key == name) {
            value = given;
          }
        }
      }
      if (!value && output.value_from->default_value) {
        value = output.value_from->default_value->value;
      }
      if (!value) {
        for (const auto& [input, bound] : suspended.input_parameters) {
          if (input == name) {
            value = bound;
          }
        }
      }
      if (!value) {
        return fmt::format(
            "raw output parameter '{}' has not been set and does not have a default value", name);
      }
      values.emplace_back(name, std::move(*value));
    }
  }
  m_active_suspends.erase(it);
  suspended.outputs.parameters = std::move(values);
  if (phase == graph::Phase::succeeded) {
    export_globals(tmpl, suspended);
  }
  set_phase(id, phase, std::move(message));
  return std::nullopt;
}

}  // namespace engine
