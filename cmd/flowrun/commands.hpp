/// The subcommands of flowrun: each file registers one with CLI11.
#pragma once

#include <functional>
#include <string>

#include "cli11.hpp"

namespace cli {

/// Flags that every command accepts (before or after the command name).
struct GlobalOptions {
  int verbosity = 0;      ///< how many times -v was given
  bool no_color = false;  ///< --no-color
};

/// What the command line asks for. Parsing only records the chosen command's `action`;
/// main runs it after parsing succeeded, so parse errors and command errors stay apart.
struct Invocation {
  GlobalOptions globals;
  std::function<int()> action;  ///< returns the exit code (exit_codes.hpp)
};

/// `flowrun lint FILE...`: every check, every problem reported.
void register_lint_command(CLI::App& app, Invocation& invocation);
/// `flowrun run FILE... [flags]`: validate, then run one workflow.
void register_run_command(CLI::App& app, Invocation& invocation);
/// `flowrun gc [--all] [--dry-run]`: remove what killed runs left in the engines.
void register_gc_command(CLI::App& app, Invocation& invocation);
/// `flowrun resume|suspend|stop|terminate NAME...` and `flowrun node set NAME`: requests to
/// a running workflow over its control socket (control_commands.cpp).
void register_control_commands(CLI::App& app, Invocation& invocation);
/// `flowrun version`: the version and the libraries flowrun was built with.
void register_version_command(CLI::App& app, Invocation& invocation);

/// The text `flowrun version` and `flowrun --version` print, without a final newline.
std::string version_text();

}  // namespace cli
