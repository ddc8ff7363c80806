// `flowrun lint FILE...`: load, validate every document, report every problem.
#include <memory>

#include <fmt/format.h>

#include "cli11.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "flags.hpp"
#include "load.hpp"
#include "report.hpp"

namespace cli {
namespace {

struct LintOptions {
  InputFlags input;
  bool strict = false;
  std::string output = "text";
};

/// The warnings Argo's strict parsing (`argo lint --strict`, its default) rejects.
constexpr std::string_view k_strict_checks[] = {"unknown-field", "yaml-duplicate-key"};

int run_lint(const LintOptions& options, const GlobalOptions& globals) {
  LoadRequest request;
  request.files = options.input.files;
  for (const std::string& parameter : options.input.parameters) {
    request.parameters.push_back(split_assignment(parameter));
  }
  request.parameter_file = options.input.parameter_file;
  request.entrypoint = options.input.entrypoint;
  const std::unique_ptr<LoadedFiles> loaded = load_files(request);

  // Templates are linted too: they are what `templateRef` runs.
  for (const model::Workflow& document : loaded->documents) {
    validate_document(*loaded, document);
  }
  if (options.strict) {
    for (std::string_view check : k_strict_checks) {
      loaded->diagnostics.promote(check);
    }
  }
  loaded->diagnostics.sort_by_position();

  if (options.output == "json") {
    fmt::print("{}\n", diagnostics_json(loaded->diagnostics, loaded->paths));
  } else {
    print_diagnostics(loaded->diagnostics, globals);
    print_message(summary_line(loaded->diagnostics, loaded->paths.size()));
  }
  return loaded->diagnostics.has_errors() ? k_exit_invalid : k_exit_success;
}

}  // namespace

void register_lint_command(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<LintOptions>();
  CLI::App* lint = app.add_subcommand("lint", "Check manifests and report every problem");
  add_input_flags(*lint, options->input);
  lint->add_flag("--strict", options->strict,
                 "Unknown fields and repeated YAML keys are errors, not\n"
                 "warnings (Argo's strict parsing)");
  lint->add_option("-o,--output", options->output,
                   "text: diagnostics and a summary on stderr\n"
                   "json: one object on stdout: files, diagnostics (file, line,\n"
                   "column, severity, check, message), errors, warnings")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  lint->footer(
      "Checks Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow\n"
      "documents as Argo's validator does and reports every problem at once, GCC style:\n"
      "file:line:column, the source line and a caret under the column. WorkflowTemplates\n"
      "in any of the files satisfy templateRef in all of them. Kinds that are not\n"
      "workflows are skipped with a warning.\n"
      "\n"
      "Exit status: 0 when there is no error (warnings allowed), 2 otherwise.\n"
      "\n"
      "Examples:\n"
      "  flowrun lint workflow.yaml\n"
      "  flowrun lint --strict pipeline.yaml templates.yaml\n"
      "  flowrun lint -o json workflow.yaml | jq .errors\n"
      "  flowrun lint -p message=hi --entrypoint main workflow.yaml\n"
      "  cat workflow.yaml | flowrun lint -");
  lint->callback([options, &invocation] {
    invocation.action = [options, &globals = invocation.globals] {
      return run_lint(*options, globals);
    };
  });
}

}  // namespace cli
