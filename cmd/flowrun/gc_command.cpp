// `flowrun gc [--all] [--dry-run] [--runtime R]`: removes the containers, networks and
// volumes that killed flowrun runs left behind (found by their flowrun.* labels).
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "exec/container_cli.hpp"
#include "exec/container_executor.hpp"
#include "exec/gc.hpp"

#include "cli11.hpp"
#include "commands.hpp"
#include "engine_choice.hpp"
#include "engine_command.hpp"
#include "exit_codes.hpp"
#include "report.hpp"
#include "run_options.hpp"
#include <unistd.h>

namespace cli {
namespace {

/// Bound on each engine command gc runs.
constexpr std::chrono::seconds k_command_timeout{60};

struct GcOptions {
  std::string runtime = "auto";
  bool all = false;
  bool dry_run = false;
};

/// What happened, for the exit status and the closing note.
struct GcTally {
  std::size_t removed = 0;
  std::size_t kept = 0;
  std::size_t failed = 0;
};

/// One engine and the settings every resource is judged by.
struct GcContext {
  const exec::DetectedEngine& engine;
  const exec::GcHost& host;
  const GcOptions& options;
  const GlobalOptions& globals;
  GcTally& tally;
};

const char* engine_name(exec::ContainerEngine engine) {
  return engine == exec::ContainerEngine::podman ? "podman" : "docker";
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// The engine says the resource is not there (any more): someone removed it meanwhile.
bool already_gone(const CommandOutput& output) {
  const std::string err = lowercase(output.err);
  return err.find("no such") != std::string::npos || err.find("not found") != std::string::npos;
}

std::string describe(const GcContext& context, const exec::LabelledResource& resource) {
  return fmt::format("{} {} {} (run {})", engine_name(context.engine.engine),
                     exec::to_string(resource.kind), resource.name,
                     resource.run.empty() ? "?" : resource.run);
}

std::string kept_reason(exec::GcVerdict verdict, const exec::LabelledResource& resource) {
  switch (verdict) {
    case exec::GcVerdict::keep_running:
      return fmt::format("flowrun (pid {}) still runs", resource.pid);
    case exec::GcVerdict::keep_other_host:
      return fmt::format("made on host {}, which gc cannot check", resource.host);
    case exec::GcVerdict::keep_unlabelled:
      return "no flowrun.pid and flowrun.host labels, so gc cannot tell whether its run is over";
    case exec::GcVerdict::remove: break;
  }
  return {};
}

/// The resources of `kind` that carry flowrun.run; nullopt (after printing why) on failure.
std::optional<std::vector<exec::LabelledResource>> list_kind(const GcContext& context,
                                                             exec::ResourceKind kind) {
  const std::string& binary = context.engine.binary;
  const auto fail = [&](const std::string& why) {
    print_message(fmt::format("cannot list {} {}s: {}", engine_name(context.engine.engine),
                              exec::to_string(kind), why));
    ++context.tally.failed;
    return std::nullopt;
  };
  auto listed = run_engine_command(exec::gc_list_argv(binary, kind), k_command_timeout);
  if (!listed) {
    return fail(listed.error().message);
  }
  if (listed->exit_code != 0) {
    return fail(listed->err);
  }
  const std::vector<std::string> ids = exec::parse_lines(listed->out);
  if (ids.empty()) {
    return std::vector<exec::LabelledResource>{};
  }
  auto inspected = run_engine_command(exec::gc_inspect_argv(binary, kind, ids), k_command_timeout);
  if (!inspected) {
    return fail(inspected.error().message);
  }
  // One that went away since the listing makes inspect fail, but the others are printed.
  std::vector<exec::LabelledResource> found = exec::parse_gc_inspect(kind, inspected->out);
  if (inspected->exit_code != 0 && found.empty() && !already_gone(*inspected)) {
    return fail(inspected->err);
  }
  return found;
}

void remove_one(const GcContext& context, const exec::LabelledResource& resource) {
  if (context.options.dry_run) {
    fmt::print("would remove {}\n", describe(context, resource));
    ++context.tally.removed;
    return;
  }
  const exec::EngineDialect& dialect = exec::dialect(context.engine.engine);
  auto removed = run_engine_command(
      exec::gc_remove_argv(dialect, context.engine.binary, resource.kind, resource.id),
      k_command_timeout);
  if (removed && (removed->exit_code == 0 || already_gone(*removed))) {
    fmt::print("removed {}\n", describe(context, resource));
    ++context.tally.removed;
    return;
  }
  print_message(fmt::format("cannot remove {}: {}", describe(context, resource),
                            removed ? removed->err : removed.error().message));
  ++context.tally.failed;
}

void collect(const GcContext& context) {
  for (exec::ResourceKind kind : {exec::ResourceKind::pod, exec::ResourceKind::container,
                                  exec::ResourceKind::network, exec::ResourceKind::volume}) {
    if (kind == exec::ResourceKind::pod && context.engine.engine != exec::ContainerEngine::podman) {
      continue;  // docker has no pods; podman kube play (resource templates) makes them
    }
    const auto resources = list_kind(context, kind);
    if (!resources) {
      continue;
    }
    for (const exec::LabelledResource& resource : *resources) {
      const exec::GcVerdict verdict = exec::gc_verdict(resource, context.host);
      if (verdict == exec::GcVerdict::remove) {
        remove_one(context, resource);
        continue;
      }
      ++context.tally.kept;
      if (context.globals.verbosity > 0) {
        print_message(fmt::format("kept {}: {}", describe(context, resource),
                                  kept_reason(verdict, resource)));
      }
    }
    std::fflush(stdout);
  }
}

Runtime to_runtime(const std::string& text) {
  if (text == "docker") {
    return Runtime::docker;
  }
  return text == "podman" ? Runtime::podman : Runtime::auto_detect;
}

int run_gc(const GcOptions& options, const GlobalOptions& globals) {
  std::vector<std::string> skipped;
  auto engines = working_engines(to_runtime(options.runtime), skipped);
  if (!engines) {
    print_message(fmt::format("cannot collect garbage: {}", engines.error().message));
    return k_exit_cannot_run;
  }
  if (globals.verbosity > 0) {
    for (const std::string& reason : skipped) {
      print_message(fmt::format("skipping {}", reason));
    }
  }
  exec::GcHost host;
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) == 0) {
    host.hostname = name;
  }
  host.all = options.all;
  host.flowrun_alive = [](int pid) { return exec::flowrun_process_alive(pid); };
  GcTally tally;
  for (const exec::DetectedEngine& engine : *engines) {
    collect(GcContext{engine, host, options, globals, tally});
  }
  if (tally.kept > 0 && globals.verbosity == 0) {
    print_message(
        fmt::format("kept {} resource{} of runs that may still be going on (-v says "
                    "which and why; --all removes them too)",
                    tally.kept, tally.kept == 1 ? "" : "s"));
  }
  return tally.failed > 0 ? k_exit_gc_incomplete : k_exit_success;
}

}  // namespace

void register_gc_command(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<GcOptions>();
  CLI::App* gc = app.add_subcommand(
      "gc", "Remove the containers, networks and volumes killed runs left behind");
  gc->add_flag("--all", options->all,
               "Remove everything labelled flowrun.run, also what runs that\n"
               "may still be going on use");
  gc->add_flag("--dry-run", options->dry_run, "Only print what would be removed");
  gc->add_option("--runtime", options->runtime,
                 "Which engines to clean: auto (every engine that answers),\n"
                 "docker or podman")
      ->type_name("RUNTIME")
      ->check(CLI::IsMember({"auto", "docker", "podman"}))
      ->capture_default_str();
  gc->footer(
      "flowrun labels every container, network and volume it creates with flowrun.run (the\n"
      "run), flowrun.pid (its own process ID) and flowrun.host (the machine), and removes\n"
      "them when the run ends. A run killed with SIGKILL cannot; gc removes what such runs\n"
      "left: everything labelled flowrun.run whose flowrun process no longer runs on this\n"
      "machine. Resources of a flowrun that still runs, of another machine, or without the\n"
      "pid and host labels are kept unless --all is given. Each removal is one line on\n"
      "stdout: `removed ENGINE KIND NAME (run UUID)`.\n"
      "\n"
      "Exit status: 0 nothing left to remove (or all of it removed), 1 an engine command\n"
      "failed (some resources may remain), 3 no container engine answers.\n"
      "\n"
      "Examples:\n"
      "  flowrun gc\n"
      "  flowrun gc --dry-run -v\n"
      "  flowrun gc --runtime podman --all");
  gc->callback([options, &invocation] {
    invocation.action = [options, &globals = invocation.globals] {
      return run_gc(*options, globals);
    };
  });
}

}  // namespace cli
