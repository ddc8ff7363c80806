/// Test helpers shared by the check_variables tests.
#pragma once

#include <string>
#include <vector>

#include "model/validate.hpp"

namespace testing {

/// "line:col: severity: message" of check_variables' diagnostics only.
std::vector<std::string> variables(const std::string& yaml,
                                   const model::ValidateOptions& options = {});

/// A Workflow named "t" with entrypoint "main"; `templates` starts on line 8, indented by 2.
std::string workflow(const std::string& templates, const std::string& spec_extra = "");

}  // namespace testing
