/// `flowrun gc`: finding and removing the containers, volumes and networks that a flowrun
/// process created and could not remove because it was killed.
///
/// Everything flowrun creates carries `flowrun.run=<run uuid>`, `flowrun.pid=<pid of the
/// flowrun process>` and `flowrun.host=<hostname>`. A resource is garbage when the process
/// that made it no longer runs. Only this machine's processes can be checked, so a resource
/// from another host, or one without the pid and host labels, is kept unless gc is told to
/// remove everything (`--all`). The label keys are container_cli.hpp's (k_label_run,
/// k_label_pid, k_label_host). The argv builders and parsers here are pure; only
/// flowrun_process_alive() looks at the system.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exec/container_cli.hpp"

namespace exec {

/// What gc looks for, in the order it removes them (pods first, with their containers, then
/// containers: volumes and networks cannot go while a container uses them). Pods are
/// podman's only (resource templates' `podman kube play`).
enum class ResourceKind { pod, container, network, volume };

/// "pod", "container", "network" or "volume".
std::string_view to_string(ResourceKind kind);

/// A resource labelled `flowrun.run`, as read from the engine.
struct LabelledResource {
  ResourceKind kind = ResourceKind::container;
  std::string id;    ///< what `rm` takes: the container ID, the network or volume name
  std::string name;  ///< what people recognise: the container, network or volume name
  std::string run;   ///< flowrun.run
  std::string pid;   ///< flowrun.pid as written; empty when missing
  std::string host;  ///< flowrun.host; empty when missing
};

/// `ps -aq --filter label=flowrun.run`, `network ls -q --filter ...` or `volume ls -q
/// --filter ...`: one ID or name per line of every resource with the label, whatever its value.
Argv gc_list_argv(const std::string& binary, ResourceKind kind);

/// `container|network|volume inspect --format <id>\t<name>\t<run>\t<pid>\t<host> IDS...`:
/// one line per resource (the same Go template works for docker and podman).
Argv gc_inspect_argv(const std::string& binary, ResourceKind kind,
                     const std::vector<std::string>& ids);

/// `rm -f [-t 0] ID`, `network rm NAME` or `volume rm -f NAME`.
Argv gc_remove_argv(const EngineDialect& dialect, const std::string& binary, ResourceKind kind,
                    const std::string& id);

/// The non-empty, trimmed lines of a list command's output.
std::vector<std::string> parse_lines(std::string_view text);

/// Parses gc_inspect_argv()'s output. Lines without the five fields are skipped; a missing
/// label (docker prints `<no value>`) becomes empty; docker's leading '/' of a container
/// name is dropped.
std::vector<LabelledResource> parse_gc_inspect(ResourceKind kind, std::string_view text);

/// What gc does with a resource.
enum class GcVerdict {
  remove,           ///< its flowrun process is gone (or --all)
  keep_running,     ///< its flowrun process still runs on this host
  keep_unlabelled,  ///< no valid flowrun.pid or flowrun.host label: cannot tell
  keep_other_host,  ///< made on another host: cannot tell
};

/// What gc_verdict() needs to know about this machine.
struct GcHost {
  std::string hostname;  ///< gethostname()
  bool all = false;      ///< --all: remove whatever carries flowrun.run
  /// True when `pid` is a running flowrun process here (flowrun_process_alive()).
  std::function<bool(int pid)> flowrun_alive;
};

/// Decides whether `resource` is garbage (see the top of this file).
GcVerdict gc_verdict(const LabelledResource& resource, const GcHost& host);

/// The pid in a flowrun.pid label: a decimal from 1 to INT_MAX, else nullopt (so 0 or -1,
/// which kill() would read as process groups, never reach it).
std::optional<int> parse_owner_pid(std::string_view text);

/// True when process `pid` exists (kill(pid, 0) succeeds or says EPERM) and its
/// /proc/<pid>/comm is `flowrun`; when /proc cannot be read, an existing process counts.
bool flowrun_process_alive(int pid);

}  // namespace exec
