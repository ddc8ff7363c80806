/// Test helper: the preflight's refusals of a workflow given as YAML text.
#pragma once

#include <string>
#include <vector>

#include "engine/preflight.hpp"

namespace testing {

/// "line:column: message" for every refusal of the first document of `yaml`.
std::vector<std::string> preflight_lines(const std::string& yaml,
                                         const engine::PreflightOptions& options = {});

}  // namespace testing
