/// What finished nodes leave behind for later ones: `outputs.result` capture rules, output
/// parameters read from files, and the `steps.X.*` / `tasks.X.*` variables, loop aggregates
/// included (spec sections 5.3 and 7).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/executor.hpp"
#include "expr/substitute.hpp"
#include "graph/node.hpp"
#include "model/io_types.hpp"
#include "util/result.hpp"

namespace engine {

/// Argo keeps at most the last 256 KiB of stdout as `outputs.result`.
inline constexpr std::size_t k_max_result_bytes = 256 * 1024;

/// `outputs.result` from a container's stdout: the last 256 KiB, then exactly one trailing
/// newline removed (`"a\n\n"` gives `"a\n"`).
std::string capture_result(std::string_view stdout_text);

/// A file's content as an output parameter value: one trailing newline removed.
std::string trim_parameter_file(std::string_view content);

/// The output parameters of a finished leaf: each `valueFrom.path` answered from the pod's
/// files (in `PodRequest::output_files` order), else `valueFrom.default`, else an error
/// (Argo's wait container fails, so the node is Error). `value` parameters are kept as
/// written. `paths` are the substituted paths, parallel to the path-valued parameters.
util::Result<std::vector<std::pair<std::string, std::string>>> collect_output_parameters(
    const model::Outputs& outputs, const std::vector<std::string>& paths, const PodEvent& event);

/// Binds `<prefix>.id`, `.status`, `.startedAt`, `.finishedAt`, `.exitCode`,
/// `.outputs.result` and `.outputs.parameters.<p>` of `node` (prefix `steps.X` / `tasks.X`).
void bind_node_outputs(expr::Scope& scope, const std::string& prefix, const graph::Node& node);

/// A looped step or task: `.id`/`.status`/... of `group` (the step group or TaskGroup) and
/// the aggregates over `children` (loop index order): `.outputs.result` as a JSON array of
/// each Succeeded child's result parsed as JSON (left unbound when one is not JSON, so a
/// reference fails), `.outputs.parameters` as a JSON array of `{name: value}` maps and
/// `.outputs.parameters.<p>` as a JSON array of values (parsed when every value is a JSON
/// object or array).
void bind_loop_outputs(expr::Scope& scope, const std::string& prefix, const graph::Node& group,
                       const std::vector<const graph::Node*>& children);

}  // namespace engine
