// `flowrun resume|suspend|stop|terminate NAME...` and `flowrun node set NAME`: requests to a
// running workflow, addressed by name as `argo resume` addresses one, carried to its flowrun
// process over the run's control socket (lib/control).
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "store/state_dir.hpp"

#include "cli11.hpp"
#include "commands.hpp"
#include "control/control_client.hpp"
#include "exit_codes.hpp"
#include "flags.hpp"
#include "report.hpp"

namespace cli {
namespace {

using Action = engine::ControlRequest::Action;

/// What one control command was given.
struct ControlOptions {
  std::vector<std::string> names;
  std::string node_selector;
  std::vector<std::string> outputs;  ///< NAME=VALUE (--set, --output-parameter)
  std::string message;
  std::string phase;
};

constexpr const char* k_selector_help =
    "Only the suspend nodes this selects, as Argo's:\n"
    "displayName=approve, name=WF[0].approve, id=..., templateName=...,\n"
    "phase=Running, inputs.parameters.NAME.value=V; comma-separated\n"
    "terms must all hold, != negates";

constexpr const char* k_exit_footer =
    "Exit status: 0 done (the run's answer is printed on stdout); 1 the workflow was not\n"
    "found, has ended, or refused the request (the reason is on stderr); 2 bad usage;\n"
    "5 its run directory says Running but no flowrun process answers (killed?; `flowrun\n"
    "gc` removes what it left). With several names, each is tried; the status is that of\n"
    "the first that failed.";

int exit_code_of(control::ControlOutcome::Kind kind) {
  return kind == control::ControlOutcome::Kind::unreachable ? k_exit_run_unreachable
                                                            : k_exit_control_refused;
}

/// Sends `request` to every named run; prints each answer. Returns the exit status.
int send_to_each(const ControlOptions& options, const engine::ControlRequest& request) {
  auto state_dir = store::state_dir(store::state_env());
  if (!state_dir) {
    print_message(state_dir.error().message);
    return k_exit_invalid;
  }
  int status = k_exit_success;
  for (const std::string& name : options.names) {
    const control::ControlOutcome outcome = control::send_control(*state_dir, name, request);
    if (outcome.kind == control::ControlOutcome::Kind::answered && outcome.reply.ok) {
      fmt::print("{}\n", outcome.reply.message);
      std::fflush(stdout);
      continue;
    }
    print_message(outcome.reply.message);
    if (status == k_exit_success) {
      status = exit_code_of(outcome.kind);
    }
  }
  return status;
}

engine::ControlRequest make_request(Action action, const ControlOptions& options) {
  engine::ControlRequest request;
  request.action = action;
  request.node_selector = options.node_selector;
  request.message = options.message;
  request.phase = options.phase;
  for (const std::string& each : options.outputs) {
    request.outputs.push_back(split_assignment(each));
  }
  return request;
}

/// Adds the command `name` sending `action`; returns it for its own flags.
CLI::App* add_control_command(CLI::App& parent, Invocation& invocation, const char* name,
                              const char* description, Action action,
                              const std::shared_ptr<ControlOptions>& options) {
  CLI::App* command = parent.add_subcommand(name, description);
  command->add_option("NAME", options->names, "The workflow (its metadata.name or --name)")
      ->required()
      ->type_name("NAME");
  command->callback([options, action, &invocation] {
    invocation.action = [options, action] {
      return send_to_each(*options, make_request(action, *options));
    };
  });
  return command;
}

void add_selector(CLI::App* command, ControlOptions& options) {
  command->add_option("--node-field-selector", options.node_selector, k_selector_help)
      ->type_name("SELECTOR");
}

void register_resume(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<ControlOptions>();
  CLI::App* resume = add_control_command(
      app, invocation, "resume", "Resume a suspended workflow or its suspend nodes (argo resume)",
      Action::resume, options);
  add_selector(resume, *options);
  resume
      ->add_option("--set", options->outputs,
                   "Supply an output parameter (valueFrom.supplied) of the\n"
                   "resumed suspend nodes, as `argo node set -p`; repeatable")
      ->type_name("NAME=VALUE")
      ->check(assignment_validator("NAME=VALUE", false));
  resume->footer(fmt::format(
      "Clears a workflow-wide suspend (spec.suspend, `flowrun suspend`) and marks every\n"
      "active suspend node Succeeded (with a selector: only the matching ones; the workflow\n"
      "stays suspended). A supplied output takes the --set value, else its default, else the\n"
      "node's input of that name; with none, the resume fails with Argo's `raw output\n"
      "parameter 'NAME' has not been set and does not have a default value`. Prints\n"
      "`workflow NAME resumed`.\n\n{}\n\n"
      "Examples:\n"
      "  flowrun resume my-wf\n"
      "  flowrun resume my-wf --node-field-selector displayName=approve --set approve=YES",
      k_exit_footer));
}

void register_suspend(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<ControlOptions>();
  CLI::App* suspend = add_control_command(
      app, invocation, "suspend", "Suspend a running workflow: no new step starts (argo suspend)",
      Action::suspend, options);
  suspend->footer(
      fmt::format("Running steps go on; nothing new starts until `flowrun resume NAME`. Prints\n"
                  "`workflow NAME suspended`.\n\n{}",
                  k_exit_footer));
}

void register_stop(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<ControlOptions>();
  CLI::App* stop = add_control_command(
      app, invocation, "stop", "Stop a running workflow; its exit handlers still run (argo stop)",
      Action::stop, options);
  add_selector(stop, *options);
  stop->add_option("--message", options->message,
                   "With --node-field-selector: the message of the failed\nsuspend nodes")
      ->type_name("MESSAGE");
  stop->footer(fmt::format(
      "Running steps are stopped and fail with `workflow shutdown with strategy:  Stop`,\n"
      "suspend nodes fail with `Stopped with strategy 'Stop'`, exit handlers still run, and\n"
      "the workflow ends Failed. With --node-field-selector only the matching suspend nodes\n"
      "fail. Prints `workflow NAME stopped`.\n\n{}",
      k_exit_footer));
}

void register_terminate(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<ControlOptions>();
  CLI::App* terminate = add_control_command(app, invocation, "terminate",
                                            "Terminate a running workflow at once, no exit handler "
                                            "(argo terminate)",
                                            Action::terminate, options);
  terminate->footer(fmt::format(
      "Every step is stopped, no exit handler runs, the workflow ends Failed with `Stopped\n"
      "with strategy 'Terminate'`. Prints `workflow NAME terminated`.\n\n{}",
      k_exit_footer));
}

void register_node_set(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<ControlOptions>();
  CLI::App* node = app.add_subcommand("node", "Act on nodes of a running workflow (argo node)");
  node->require_subcommand(1);
  CLI::App* set = node->add_subcommand(
      "set", "Set the phase, message or supplied outputs of suspend nodes (argo node set)");
  set->add_option("NAME", options->names, "The workflow")
      ->required()
      ->expected(1)
      ->type_name("NAME");
  add_selector(set, *options);
  set->add_option("--phase", options->phase, "The new phase of the selected suspend nodes")
      ->type_name("PHASE")
      ->check(CLI::IsMember({"Succeeded", "Failed", "Error"}));
  set->add_option("-m,--message", options->message, "Their message")->type_name("MESSAGE");
  set->add_option("-p,--output-parameter", options->outputs,
                  "Supply an output parameter (valueFrom.supplied); repeatable")
      ->type_name("NAME=VALUE")
      ->check(assignment_validator("NAME=VALUE", false));
  set->footer(fmt::format(
      "Only suspend nodes can be set, and only with a selector. Supplied outputs are used\n"
      "when the node succeeds (now with --phase Succeeded, or at a later resume). Prints\n"
      "`workflow values set`.\n\n{}\n\n"
      "Example:\n"
      "  flowrun node set my-wf --node-field-selector displayName=approve -p approve=YES",
      k_exit_footer));
  set->callback([options, &invocation] {
    invocation.action = [options] {
      if (options->node_selector.empty()) {
        print_message(
            "'set' currently only targets suspend nodes, use a node field selector to target "
            "them");
        return k_exit_invalid;
      }
      if (options->phase.empty() && options->message.empty() && options->outputs.empty()) {
        print_message("nothing to set: give --phase, --message or --output-parameter");
        return k_exit_invalid;
      }
      return send_to_each(*options, make_request(Action::set_node, *options));
    };
  });
}

}  // namespace

void register_control_commands(CLI::App& app, Invocation& invocation) {
  register_resume(app, invocation);
  register_suspend(app, invocation);
  register_stop(app, invocation);
  register_terminate(app, invocation);
  register_node_set(app, invocation);
}

}  // namespace cli
