// `flowrun run FILE... [flags]`: validate one workflow, then run it (once the engine lands).
#include <memory>

#include <fmt/format.h>

#include "model/workflow_template_ref.hpp"

#include "cli11.hpp"
#include "commands.hpp"
#include "execute.hpp"
#include "exit_codes.hpp"
#include "flags.hpp"
#include "image_map.hpp"
#include "load.hpp"
#include "report.hpp"
#include "run_options.hpp"

namespace cli {
namespace {

/// The flags as CLI11 parses them (strings); converted to RunOptions after parsing.
struct RunFlags {
  InputFlags input;
  std::optional<std::string> name;
  std::string runtime = "auto";
  std::vector<std::string> image_map;
  std::optional<std::string> image_map_file;
  std::string secrets_dir;
  std::string config_maps_dir;
  std::string artifact_repo;
  std::string kube_context;
  std::string output = "tree";
  bool dry_run = false;
  int parallelism = 0;
};

Runtime to_runtime(const std::string& text) {
  if (text == "docker") {
    return Runtime::docker;
  }
  if (text == "podman") {
    return Runtime::podman;
  }
  return text == "host" ? Runtime::host : Runtime::auto_detect;
}

OutputFormat to_output_format(const std::string& text) {
  if (text == "json") {
    return OutputFormat::json;
  }
  if (text == "yaml") {
    return OutputFormat::yaml;
  }
  return text == "name" ? OutputFormat::name : OutputFormat::tree;
}

RunOptions to_run_options(const RunFlags& flags) {
  RunOptions options;
  options.files = flags.input.files;
  for (const std::string& parameter : flags.input.parameters) {
    options.parameters.push_back(split_assignment(parameter));
  }
  options.parameter_file = flags.input.parameter_file;
  options.entrypoint = flags.input.entrypoint;
  options.name = flags.name;
  options.runtime = to_runtime(flags.runtime);
  for (const std::string& mapping : flags.image_map) {
    auto [from, to] = split_assignment(mapping);
    options.image_map.push_back({std::move(from), std::move(to)});
  }
  options.image_map_file = flags.image_map_file;
  options.secrets_dir = flags.secrets_dir;
  options.config_maps_dir = flags.config_maps_dir;
  options.artifact_repo = flags.artifact_repo;
  options.kube_context = flags.kube_context;
  options.output = to_output_format(flags.output);
  options.dry_run = flags.dry_run;
  options.parallelism = flags.parallelism;
  return options;
}

/// The one Workflow or CronWorkflow to run; more than one is an error on each extra one.
const model::Workflow* pick_workflow(LoadedFiles& loaded) {
  const model::Workflow* chosen = nullptr;
  for (const model::Workflow& document : loaded.documents) {
    if (document.kind != model::Kind::workflow && document.kind != model::Kind::cron_workflow) {
      continue;  // templates only feed the library
    }
    if (chosen == nullptr) {
      chosen = &document;
      continue;
    }
    loaded.diagnostics.error(
        document.loc, "run-one-workflow",
        fmt::format("flowrun run takes exactly one Workflow or CronWorkflow, and this is a "
                    "second one (the first is at {})",
                    chosen->loc.to_string()));
  }
  return chosen;
}

/// Prints the diagnostics, and a summary when there are any.
void report(LoadedFiles& loaded, const GlobalOptions& globals) {
  loaded.diagnostics.sort_by_position();
  print_diagnostics(loaded.diagnostics, globals);
  if (!loaded.diagnostics.all().empty()) {
    print_message(summary_line(loaded.diagnostics, loaded.paths.size()));
  }
}

/// Adds the image map's other sources to `options`; false (after printing why) on a bad one.
bool complete_image_map(RunOptions& options, const GlobalOptions& globals) {
  std::vector<std::string> notes;
  auto resolved =
      resolve_image_map(image_map_sources(options.image_map, options.image_map_file), notes);
  if (!resolved) {
    print_message(resolved.error().message);
    return false;
  }
  options.image_map = std::move(*resolved);
  if (globals.verbosity > 0 && !notes.empty()) {
    print_message(fmt::format("image map: {}", fmt::join(notes, ", ")));
  }
  return true;
}

int run_workflow(RunOptions options, const GlobalOptions& globals) {
  // A bad image map is a usage error: reported before any file is read or anything runs.
  if (!complete_image_map(options, globals)) {
    return k_exit_invalid;
  }
  LoadRequest request;
  request.files = options.files;
  request.parameters = options.parameters;
  request.parameter_file = options.parameter_file;
  request.entrypoint = options.entrypoint;
  request.require_template_refs = true;
  const std::unique_ptr<LoadedFiles> loaded = load_files(request);

  const model::Workflow* workflow = pick_workflow(*loaded);
  std::optional<model::Workflow> joined;
  if (workflow != nullptr) {
    validate_document(*loaded, *workflow);
    // spec.workflowTemplateRef: the run executes the template's spec under the workflow's.
    if (!loaded->diagnostics.has_errors() && workflow->spec.workflow_template_ref) {
      joined = model::join_workflow_template(*workflow, loaded->library, loaded->diagnostics);
      workflow = joined ? &*joined : nullptr;
    }
  }
  report(*loaded, globals);
  if (loaded->diagnostics.has_errors()) {
    return k_exit_invalid;
  }
  if (workflow == nullptr) {
    print_message("nothing to run: no Workflow or CronWorkflow in the given files");
    return k_exit_invalid;
  }

  return execute_workflow(options, globals, *loaded, *workflow);
}

void add_run_flags(CLI::App& run, RunFlags& flags) {
  run.add_option("--name", flags.name, "Name the workflow NAME (replaces metadata.name)")
      ->type_name("NAME")
      ->check(workflow_name_validator());
  run.add_option("--runtime", flags.runtime,
                 "Where containers run: auto (docker if `docker version`\n"
                 "answers, else podman), docker, podman (their CLI, with\n"
                 "DOCKER_HOST / CONTAINERS_CONF from the environment), or\n"
                 "host (no containers)")
      ->type_name("RUNTIME")
      ->check(CLI::IsMember({"auto", "docker", "podman", "host"}))
      ->capture_default_str();
  run.add_option("--image-map", flags.image_map,
                 "Run image TO wherever a template names image FROM;\n"
                 "repeatable; wins over the sources below")
      ->type_name("FROM=TO")
      ->allow_extra_args(false)
      ->check(image_mapping_validator());
  run.add_option("--image-map-file", flags.image_map_file,
                 "FROM=TO lines ('#' comments); wins over FLOWRUN_IMAGE_MAP\n"
                 "and ~/.config/flowrun/image-map")
      ->type_name("FILE");
  run.add_option("--secrets-dir", flags.secrets_dir,
                 "Secrets for env valueFrom, envFrom and secret volumes:\n"
                 "DIR/<secret>/<key> files")
      ->type_name("DIR")
      ->envname("FLOWRUN_SECRETS_DIR");
  run.add_option("--configmaps-dir", flags.config_maps_dir,
                 "ConfigMaps for env valueFrom, envFrom and configMap volumes:\n"
                 "DIR/<configmap>/<key> files")
      ->type_name("DIR")
      ->envname("FLOWRUN_CONFIGMAPS_DIR");
  run.add_option("--kube-context", flags.kube_context,
                 "Resource templates act on this kubectl context's cluster\n"
                 "(default: podman kube play on Podman; none on Docker)")
      ->type_name("CTX");
  run.add_option("--artifact-repo", flags.artifact_repo,
                 "The local artifact repository that data templates list:\n"
                 "s3 {bucket: B, key: K} is DIR/B/K, {key: K} is DIR/K\n"
                 "(default: $FLOWRUN_STATE_DIR/artifacts)")
      ->type_name("DIR")
      ->envname("FLOWRUN_ARTIFACT_REPO");
  run.add_option("-o,--output", flags.output,
                 "The result on stdout: tree (the nodes), json, yaml, or\n"
                 "name (only the workflow name)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"tree", "json", "yaml", "name"}))
      ->capture_default_str();
  run.add_flag("--dry-run", flags.dry_run,
               "Walk the workflow without running anything: print each\n"
               "pod that would run (image, command, args) on stderr;\n"
               "every pod succeeds with empty output");
  run.add_option("--parallelism", flags.parallelism,
                 "Run at most N pods at once (replaces spec.parallelism;\n"
                 "default: spec.parallelism, else no limit)")
      ->type_name("N")
      ->check(positive_integer_validator());
}

}  // namespace

void register_run_command(CLI::App& app, Invocation& invocation) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* run = app.add_subcommand("run", "Validate a workflow and run it locally");
  add_input_flags(*run, flags->input);
  add_run_flags(*run, *flags);
  run->footer(
      "Validates the workflow, then runs it on this machine: each pod as a docker or podman\n"
      "container, or with --runtime host as a local process. The files must hold exactly one\n"
      "Workflow, or one CronWorkflow (its workflowSpec runs); WorkflowTemplates and\n"
      "ClusterWorkflowTemplates in them satisfy templateRef, and a templateRef to a template\n"
      "that is not in the files is an error. Problems are reported as `flowrun lint` reports\n"
      "them. Pod output is shown on stderr as it comes, each line prefixed by its step's name.\n"
      "\n"
      "Every run but a dry run keeps its files in $FLOWRUN_STATE_DIR/runs/NAME (default\n"
      "~/.local/state/flowrun): workflow.yaml, status.json (the Workflow as -o json shows it,\n"
      "kept current while it runs) and logs/NODE-ID.log. As Argo, a name is used once: a\n"
      "workflow whose name has a run directory already is refused (exit 4).\n"
      "\n"
      "Image map: --image-map, then --image-map-file, then FLOWRUN_IMAGE_MAP (FROM=TO entries\n"
      "separated by commas or spaces), then $XDG_CONFIG_HOME/flowrun/image-map (default\n"
      "~/.config/flowrun/image-map) when it exists; the first entry for an image wins.\n"
      "\n"
      "Exit status: 0 Succeeded, 1 Failed or Error, 2 invalid workflow or usage, 3 cannot "
      "run here,\n"
      "4 a run of that name exists, 130 interrupted.\n"
      "\n"
      "Examples:\n"
      "  flowrun run hello-world.yaml\n"
      "  flowrun run arguments-parameters.yaml -p message=\"goodbye world\"\n"
      "  flowrun run workflow.yaml --parameter-file params.yaml --entrypoint main\n"
      "  flowrun run pipeline.yaml templates.yaml --runtime podman --parallelism 2\n"
      "  flowrun run workflow.yaml --image-map alpine:3.7=alpine:3.19 -o json");
  run->callback([flags, &invocation] {
    invocation.action = [options = to_run_options(*flags), &globals = invocation.globals] {
      return run_workflow(options, globals);
    };
  });
}

}  // namespace cli
