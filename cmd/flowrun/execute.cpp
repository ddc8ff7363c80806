#include "execute.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "engine/clock.hpp"
#include "engine/engine.hpp"
#include "engine/expr_bridge.hpp"
#include "engine/memo_cache.hpp"
#include "engine/preflight.hpp"
#include "exec/container_executor.hpp"
#include "exec/curl_http_client.hpp"
#include "exec/dry_run_executor.hpp"
#include "exec/dry_run_http_client.hpp"
#include "exec/host_executor.hpp"
#include "exec/local_object_dirs.hpp"
#include "report/tree.hpp"
#include "report/workflow_json.hpp"
#include "store/memo_store.hpp"
#include "store/state_dir.hpp"
#include "util/ids.hpp"

#include "artifact_setup.hpp"
#include "control_inbox.hpp"
#include "engine_choice.hpp"
#include "exit_codes.hpp"
#include "live_logs.hpp"
#include "progress_sink.hpp"
#include "report.hpp"
#include "resource_choice.hpp"
#include "run_record.hpp"
#include "run_sink.hpp"
#include <unistd.h>

namespace cli {
namespace {

/// What every pod "prints" and every output file holds in a dry run.
constexpr const char* k_dry_run_stub = "[\"dry-run\"]";

/// Set by the SIGINT/SIGTERM handler only: the first signal asks the engine to stop (exit
/// handlers still run), the second to terminate at once.
std::atomic<int> g_interrupted{engine::k_shutdown_none};

extern "C" void on_interrupt(int /*signal*/) {
  if (g_interrupted.fetch_add(1) == engine::k_shutdown_none) {
    static constexpr char k_note[] =
        "\nflowrun: stopping: running steps are stopped, exit handlers still run "
        "(Ctrl-C again to terminate now)\n";
    (void)!::write(STDERR_FILENO, k_note, sizeof k_note - 1);
  }
}

/// Installs the Ctrl-C handler for the lifetime of a run and restores the old one after.
class InterruptGuard {
 public:
  InterruptGuard() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &m_old_int);
    sigaction(SIGTERM, &action, &m_old_term);
  }
  ~InterruptGuard() {
    sigaction(SIGINT, &m_old_int, nullptr);
    sigaction(SIGTERM, &m_old_term, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction m_old_int {};
  struct sigaction m_old_term {};
};

bool utf8_locale() {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') {
      const std::string text(value);
      return text.find("UTF-8") != std::string::npos || text.find("utf8") != std::string::npos ||
             text.find("UTF8") != std::string::npos || text.find("utf-8") != std::string::npos;
    }
  }
  return false;
}

std::string workflow_name(const RunOptions& options, const model::Workflow& workflow) {
  if (options.name) {
    return *options.name;
  }
  if (workflow.metadata.name && !workflow.metadata.name->value.empty()) {
    return workflow.metadata.name->value;
  }
  const std::string prefix =
      workflow.metadata.generate_name ? workflow.metadata.generate_name->value : "workflow-";
  return prefix + util::random_name_suffix();
}

/// Refuses (exit 3) what this version cannot run, listing every use with its position.
bool refuse_unsupported(const RunOptions& options, const GlobalOptions& globals,
                        LoadedFiles& loaded, const model::Workflow& workflow,
                        const engine::ResourceBackend* resources) {
  const exec::LocalObjectDirs objects(options.secrets_dir, options.config_maps_dir);
  engine::PreflightOptions preflight_options;
  preflight_options.objects = &objects;
  preflight_options.resources = resources;
  preflight_options.retry_expression = true;  // make_request() sets RunRequest::retry_expression
  preflight_options.memoize = true;           // execute_workflow() sets RunRequest::memo
  preflight_options.artifacts = true;         // execute_workflow() sets RunRequest::artifacts
  const std::vector<engine::Unsupported> found = engine::preflight(
      workflow, &loaded.library, options.entrypoint.value_or(""), preflight_options);
  if (found.empty()) {
    return false;
  }
  model::Diagnostics diagnostics;
  for (const engine::Unsupported& each : found) {
    diagnostics.error(each.loc, "not-supported", each.message);
  }
  print_diagnostics(diagnostics, globals);
  print_message(
      fmt::format("cannot run \"{}\": {} feature{} above {} not supported by this "
                  "version (nothing was run)",
                  workflow.display_name(), found.size(), found.size() == 1 ? "" : "s",
                  found.size() == 1 ? "is" : "are"));
  return true;
}

/// Every executor's `log` callback: the line goes to the live log router.
std::function<void(std::string_view, std::string_view)> log_to(LiveLogs& logs) {
  return [&logs](std::string_view pod, std::string_view line) { logs.line(pod, line); };
}

/// http templates' client: libcurl; a dry run sends nothing and answers every request with
/// status 200 and the stub body, printing what it would send, as it does for pods.
std::unique_ptr<engine::HttpClient> make_http_client(const RunOptions& options) {
  if (options.dry_run) {
    return std::make_unique<exec::DryRunHttpClient>(
        [](std::string_view line) { fmt::print(stderr, "{}\n", line); }, k_dry_run_stub);
  }
  return std::make_unique<exec::CurlHttpClient>();
}

std::unique_ptr<engine::Executor> make_executor(const RunOptions& options,
                                                const GlobalOptions& globals, LiveLogs& logs) {
  if (options.dry_run) {
    // Stub outputs: a one-item JSON list, so loops over a step's output show their body once
    // and aggregates parse; conditions on outputs usually evaluate false.
    exec::DryRunOptions stubs;
    stubs.stdout_stub = k_dry_run_stub;
    stubs.file_stub = k_dry_run_stub;
    return std::make_unique<exec::DryRunExecutor>(
        [](std::string_view line) { fmt::print(stderr, "{}\n", line); }, stubs);
  }
  if (options.runtime == Runtime::host) {
    if (globals.verbosity > 0) {
      print_message("using the host runtime (--runtime host): commands run as processes here");
    }
    exec::HostOptions host;
    host.log = log_to(logs);
    return std::make_unique<exec::HostExecutor>(std::move(host));
  }
  auto chosen = choose_engine(options.runtime, globals.verbosity > 0);
  if (!chosen) {
    // Printed here, before anything runs; the caller only sees nullptr (exit 3).
    print_message(fmt::format("cannot run containers: {}", chosen.error().message));
    return nullptr;
  }
  if (globals.verbosity > 0) {
    print_message(describe_choice(*chosen));
  }
  exec::ContainerOptions container;
  container.engine = chosen->detected.engine;
  container.binary = chosen->detected.binary;
  container.run_id = util::random_uuid();
  // FLOWRUN_PULL=never|missing|always sets `--pull`; unset: the engine's default (pull a
  // missing image). Tests and air-gapped machines set never: a missing image then fails
  // its node at once instead of contacting a registry (map it with --image-map).
  if (const char* pull = std::getenv("FLOWRUN_PULL"); pull != nullptr && *pull != '\0') {
    container.pull = pull;
  }
  container.log = log_to(logs);
  return std::make_unique<exec::ContainerExecutor>(std::move(container));
}

void print_result(const RunOptions& options, const GlobalOptions& globals,
                  const graph::WorkflowStatus& status) {
  switch (options.output) {
    case OutputFormat::name: fmt::print("{}\n", status.name); break;
    case OutputFormat::json: fmt::print("{}", report::workflow_json(status)); break;
    case OutputFormat::yaml: fmt::print("{}", report::workflow_yaml(status)); break;
    case OutputFormat::tree: {
      // NO_COLOR or a locale that is not UTF-8 also drops the icons for words (Argo's
      // --no-utf8 look); --no-color only drops the colours.
      const bool no_color_env = std::getenv("NO_COLOR") != nullptr;
      const char* term = std::getenv("TERM");
      report::TreeOptions tree;
      tree.utf8 = utf8_locale() && !no_color_env;
      tree.color = !globals.no_color && !no_color_env && isatty(STDOUT_FILENO) != 0 &&
                   !(term != nullptr && std::string_view(term) == "dumb");
      tree.now = std::chrono::system_clock::now();
      fmt::print("{}", report::render_tree(status, tree));
      break;
    }
  }
  std::fflush(stdout);
}

/// The local artifact repository: --artifact-repo (or FLOWRUN_ARTIFACT_REPO), else
/// `<state dir>/artifacts`; made absolute. Empty when neither names a directory.
std::string artifact_root(const RunOptions& options) {
  std::string root = options.artifact_repo;
  if (root.empty()) {
    auto state_dir = store::state_dir(store::state_env());
    if (!state_dir) {
      return {};
    }
    root = *state_dir + "/artifacts";
  }
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(root, error);
  return error ? root : absolute.lexically_normal().string();
}

/// The memoize cache (spec 2.6): `<state dir>/cache`, shared by the machine's runs. A dry run
/// keeps its entries in memory only: it neither reuses real outputs nor saves its stubs.
std::unique_ptr<engine::MemoCache> make_memo_cache(const RunOptions& options) {
  auto state_dir = store::state_dir(store::state_env());
  if (options.dry_run || !state_dir) {
    return std::make_unique<engine::MemoryMemoCache>();  // no state dir: open_record refuses
  }
  return std::make_unique<store::MemoStore>(store::cache_dir(*state_dir));
}

engine::RunRequest make_request(const RunOptions& options, LoadedFiles& loaded,
                                const model::Workflow& workflow) {
  engine::RunRequest request;
  request.workflow = &workflow;
  request.library = &loaded.library;
  request.name = workflow_name(options, workflow);
  request.uid = util::random_uuid();
  if (workflow.metadata.namespace_name) {
    request.namespace_name = workflow.metadata.namespace_name->value;
  }
  request.entrypoint = options.entrypoint;
  request.parameters = loaded.validate_options.parameters;
  for (const ImageMapping& mapping : options.image_map) {
    request.image_map.emplace_back(mapping.from, mapping.to);
  }
  request.parallelism = options.parallelism;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) {
    request.host_node_name = host;
  }
  if (const char* pod_names = std::getenv("POD_NAMES");
      pod_names != nullptr && std::string_view(pod_names) == "v1") {
    request.pod_names = graph::PodNameVersion::v1;
  }
  if (const char* disable = std::getenv("DISABLE_MAX_RECURSION");
      disable != nullptr && std::string_view(disable) == "true") {
    request.max_depth = 0;
  }
  request.retry_expression = engine::make_retry_expression_evaluator();
  if (const char* pattern = std::getenv("TRANSIENT_ERROR_PATTERN"); pattern != nullptr) {
    request.transient_error_pattern = pattern;
  }
  request.artifact_root = artifact_root(options);
  return request;
}

/// The run directory, or nullptr with `exit_code` set and the reason printed (nothing has
/// run yet). A generated name that is taken is replaced by another generated one.
std::unique_ptr<RunRecord> open_record(const RunOptions& options, const GlobalOptions& globals,
                                       const model::Workflow& workflow, engine::RunRequest& request,
                                       int& exit_code) {
  auto state_dir = store::state_dir(store::state_env());
  if (!state_dir) {
    print_message(fmt::format("cannot run \"{}\": {}", request.name, state_dir.error().message));
    exit_code = k_exit_cannot_run;
    return nullptr;
  }
  std::function<std::string()> rename;
  if (!options.name && !(workflow.metadata.name && !workflow.metadata.name->value.empty())) {
    rename = [&options, &workflow] { return workflow_name(options, workflow); };
  }
  auto record = RunRecord::open(*state_dir, request, rename);
  if (!record) {
    if (record.error().code == util::ErrorCode::invalid_input) {
      // Argo refuses a second Workflow of one name; so does flowrun, keeping the first run.
      print_message(fmt::format(
          "cannot run \"{}\": {} and argo submit refuses a duplicate name too; nothing was "
          "run (choose another name with --name, or remove that directory)",
          request.name, record.error().message));
      exit_code = k_exit_run_exists;
    } else {
      print_message(fmt::format("cannot run \"{}\": {}", request.name, record.error().message));
      exit_code = k_exit_cannot_run;
    }
    return nullptr;
  }
  if (globals.verbosity > 0) {
    print_message(fmt::format("run directory: {}", (*record)->directory().path()));
  }
  return std::move(*record);
}

}  // namespace

int execute_workflow(const RunOptions& options, const GlobalOptions& globals, LoadedFiles& loaded,
                     const model::Workflow& workflow) {
  const std::unique_ptr<ResourceSetup> resources = ResourceSetup::choose(options, workflow);
  if (refuse_unsupported(options, globals, loaded, workflow, resources->backend())) {
    return k_exit_cannot_run;
  }
  LiveLogs live_logs(stderr, use_color(globals));
  std::unique_ptr<engine::Executor> executor = make_executor(options, globals, live_logs);
  if (executor == nullptr) {
    print_message(
        fmt::format("cannot run \"{}\" (nothing was run); use --runtime host (commands run on this "
                    "machine) or --dry-run",
                    workflow.display_name()));
    return k_exit_cannot_run;
  }
  engine::RunRequest request = make_request(options, loaded, workflow);
  const exec::LocalObjectDirs objects(options.secrets_dir, options.config_maps_dir);
  request.objects = &objects;
  const std::unique_ptr<engine::HttpClient> http = make_http_client(options);
  request.http = http.get();
  request.resources = resources->backend();
  const std::unique_ptr<engine::MemoCache> memo = make_memo_cache(options);
  request.memo = memo.get();
  std::unique_ptr<RunRecord> record;
  if (!options.dry_run) {
    int refused = k_exit_success;
    record = open_record(options, globals, workflow, request, refused);
    if (record == nullptr) {
      return refused;
    }
    live_logs.attach(&record->logs());
  }
  const std::unique_ptr<ArtifactSetup> artifacts = ArtifactSetup::choose(
      options, request.artifact_root, record ? record->directory().path() : std::string());
  request.artifacts = artifacts->store();

  engine::SystemClock clock;
  ProgressSink progress(stderr);
  RunSink sink(progress, live_logs, record ? &record->recorder() : nullptr);
  RunControl control(workflow, request.name, record.get(), sink);
  graph::WorkflowStatus status;
  {
    InterruptGuard guard;
    g_interrupted.store(engine::k_shutdown_none);
    engine::Engine engine(std::move(request), *executor, clock, control.sink());
    status = engine.run(&g_interrupted, control.inbox());
    executor->cancel_all();
  }
  resources->delete_owned();  // setOwnerReference: the run owned them
  if (record != nullptr) {
    live_logs.attach(nullptr);
    if (auto error = record->finish(status)) {
      print_message(fmt::format("warning: status.json: {}", error->message));
    }
    if (live_logs.first_error()) {
      print_message(fmt::format("warning: node logs: {}", live_logs.first_error()->message));
    }
  }
  control.close();  // after the final status.json: a late `flowrun resume` reads it
  print_result(options, globals, status);
  if (g_interrupted.load() != engine::k_shutdown_none) {
    print_message(
        fmt::format("\"{}\" interrupted; every process it started was stopped", status.name));
    return k_exit_interrupted;
  }
  switch (status.phase) {
    case graph::WorkflowPhase::succeeded: return k_exit_success;
    default: return k_exit_workflow_failed;
  }
}

}  // namespace cli
