#include "support/variables_fixture.hpp"

#include "support/lint_fixture.hpp"

namespace testing {

std::vector<std::string> variables(const std::string& yaml, const model::ValidateOptions& options) {
  return lint_text(yaml, options)->lines({"unresolved-variable", "dag-missing-dependency"});
}

std::string workflow(const std::string& templates, const std::string& spec_extra) {
  return "apiVersion: argoproj.io/v1alpha1\n"
         "kind: Workflow\n"
         "metadata:\n"
         "  name: t\n"
         "spec:\n"
         "  entrypoint: main\n" +
         spec_extra + "  templates:\n" + templates;
}

}  // namespace testing
