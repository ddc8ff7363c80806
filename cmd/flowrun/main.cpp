// flowrun: run Argo Workflows manifests locally. main parses the command line, then runs the
// chosen command; every exit code is listed in the help footer (exit_codes.hpp).
#include <cstdio>
#include <exception>
#include <string>

#include <fmt/format.h>

#include "cli11.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"

namespace {

constexpr const char* k_footer =
    "Examples:\n"
    "  flowrun lint workflow.yaml                  check a manifest, report every problem\n"
    "  flowrun lint -o json *.yaml                 the same, as JSON on stdout\n"
    "  flowrun run hello-world.yaml -p message=hi  run a workflow with a parameter\n"
    "  flowrun run wf.yaml templates.yaml          templateRef resolved from templates.yaml\n"
    "  flowrun gc                                  remove what killed runs left in docker/podman\n"
    "  flowrun resume my-wf --set approve=YES      release a suspended run (from another shell)\n"
    "  flowrun run --help                          every flag of a command\n"
    "\n"
    "Exit status:\n"
    "  0    success (run: the workflow Succeeded)\n"
    "  1    the workflow ended Failed or Error (gc: an engine command failed; resume and\n"
    "       the other control commands: not found, ended, or refused)\n"
    "  2    invalid input or usage: lint errors, bad flags, unreadable files\n"
    "  3    cannot run here: not supported locally, or not implemented yet\n"
    "  4    run: a run of that workflow name exists already (nothing was run)\n"
    "  5    resume/suspend/stop/terminate/node set: the run's flowrun process is gone\n"
    "  70   internal error (a bug in flowrun; please report it)\n"
    "  130  interrupted (Ctrl-C)\n"
    "\n"
    "Colour is used only when stderr is a terminal, NO_COLOR is not set and TERM is not "
    "\"dumb\".";

/// One line on stderr, prefixed like every other flowrun message, with a pointer to the
/// help of the command being parsed.
std::string failure_message(const CLI::App* app, const CLI::Error& error) {
  std::string hint = "flowrun --help";
  std::string what = error.what();
  const std::vector<CLI::App*> parsed = app->get_subcommands();
  if (!parsed.empty()) {
    hint = fmt::format("flowrun {} --help", parsed.front()->get_name());
  } else if (error.get_name() == "RequiredError" || error.get_name() == "ExtrasError") {
    // No command recognised: CLI11 would say "A subcommand is required".
    std::vector<std::string> names;
    for (const CLI::App* command : app->get_subcommands({})) {
      names.push_back(command->get_name());
    }
    const std::vector<std::string> rest = app->remaining();
    if (rest.empty()) {
      what = "a command is required";
    } else if (rest.front().rfind('-', 0) == 0) {
      what = fmt::format("unknown option \"{}\"", rest.front());
    } else {
      what = fmt::format("unknown command \"{}\"", rest.front());
    }
    what += fmt::format("; the commands are: {}", fmt::join(names, ", "));
  }
  return fmt::format("flowrun: {} (see '{}')\n", what, hint);
}

int run_main(int argc, char** argv) {
  cli::Invocation invocation;
  CLI::App app{
      "flowrun: run Argo Workflows manifests locally, with docker or podman instead of a\n"
      "Kubernetes cluster.",
      "flowrun"};
  app.require_subcommand(1);
  // Global flags may follow the command name too: `flowrun lint -v wf.yaml`.
  app.fallthrough();
  app.footer(k_footer);
  app.get_formatter()->column_width(32);
  app.set_version_flag("--version", cli::version_text(),
                       "Print the version and the libraries flowrun was built with\n"
                       "(as `flowrun version`)");
  app.add_flag("-v,--verbose", invocation.globals.verbosity,
               "More detail on stderr (counted: -vv is more); diagnostics\n"
               "show their check id");
  app.add_flag("--no-color", invocation.globals.no_color, "Never colour the output");
  app.failure_message(failure_message);

  cli::register_lint_command(app, invocation);
  cli::register_run_command(app, invocation);
  cli::register_gc_command(app, invocation);
  cli::register_control_commands(app, invocation);
  cli::register_version_command(app, invocation);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version are "errors" with code 0; every real one is a usage error.
    return app.exit(error) == 0 ? cli::k_exit_success : cli::k_exit_invalid;
  }
  if (!invocation.action) {
    return cli::k_exit_invalid;  // unreachable: require_subcommand(1) guarantees a command
  }
  return invocation.action();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_main(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "flowrun: internal error: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "flowrun: internal error: unknown exception\n");
  }
  return cli::k_exit_internal;
}
