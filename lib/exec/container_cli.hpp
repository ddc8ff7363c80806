/// The docker and podman command lines flowrun runs, as pure argv builders.
///
/// Everything the two engines disagree on is in one small struct (EngineDialect), so the
/// builders below are the same code for both and can be tested without an engine. Nothing
/// here runs a process; ContainerExecutor does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/executor.hpp"

namespace exec {

/// The container engines flowrun drives through their CLI.
enum class ContainerEngine { docker, podman };

/// An argv: argv[0] is the engine binary. Never joined into a shell string.
using Argv = std::vector<std::string>;

/// How one engine's CLI differs from the other's.
struct EngineDialect {
  ContainerEngine engine = ContainerEngine::docker;
  std::string_view name;  ///< "docker" or "podman": the default binary and message name
  /// `version --format` template that prints something only when the engine can run
  /// containers: docker needs its daemon (the server version), podman needs none.
  std::string_view version_format;
  /// podman parses an `--entrypoint` value that starts with '[' as a JSON array; docker
  /// takes the value as one program name. When set, such a value is passed JSON-encoded.
  bool entrypoint_json_brackets = false;
  /// Exit status of `cp` when the container path does not exist (docker 1, podman 125);
  /// informational: any failing cp of an output file counts as a missing file.
  int cp_missing_status = 1;
  /// podman's `rm -f` stops a running container with SIGTERM and waits 10 s before SIGKILL
  /// (a shell or sleep as PID 1 ignores SIGTERM); docker's kills at once. When set, `rm`
  /// gets `-t 0` so both remove at once.
  bool rm_needs_zero_timeout = false;
  /// docker's `cp` copies a symlink named as the source as a link (pointing at a path of the
  /// container, dangling here); podman's copies what it points to. When set, `cp` out of a
  /// container gets `-L` so both copy the target.
  bool cp_needs_follow_link = false;
  /// Finished pods' containers are removed in the background, this many at a time (the rest
  /// when the run ends). podman's `rm` holds its storage lock, which the next `run` then
  /// waits for: one `rm` per pod made a podman step loop 11% slower than `run --rm`.
  std::size_t rm_batch = 1;
};

/// The dialect of `engine`.
const EngineDialect& dialect(ContainerEngine engine);

/// Label keys flowrun puts on every container it creates.
inline constexpr std::string_view k_label_run = "flowrun.run";
inline constexpr std::string_view k_label_workflow = "flowrun.workflow";
inline constexpr std::string_view k_label_node = "flowrun.node";

/// The first 8 alphanumeric characters of a run id (a UUID's first group), for names.
std::string short_run_id(std::string_view run_id);

/// `<pod name>-<short run id>`: unique per run, readable in `docker ps`. The node ID stands
/// in for an empty pod name.
std::string container_name(const engine::PodRequest& request, std::string_view run_id);

/// Label keys on everything flowrun creates, so `flowrun gc` can tell a live run's
/// resources (its process still runs on this host) from those a killed run left.
inline constexpr std::string_view k_label_pid = "flowrun.pid";
inline constexpr std::string_view k_label_host = "flowrun.host";

/// The container's environment: its env, then ARGO_WORKFLOW_NAME, ARGO_NODE_ID,
/// ARGO_POD_NAME and ARGO_CONTAINER_NAME (as Argo's controller sets them last); one each.
std::vector<std::pair<std::string, std::string>> container_env(
    const engine::PodRequest& request, const engine::ContainerSpec& container);

/// Where one pod volume comes from on the engine: a volume name or a host path.
struct MountSource {
  bool bind = false;   ///< `source` is a host path (hostPath, secrets, a volume's subPath)
  std::string source;  ///< the engine volume name or host path
  bool read_only = false;
};

/// What create_argv needs besides the request.
struct CreateOptions {
  std::string binary;  ///< the engine program (argv[0])
  std::string name;    ///< the container name (container_name())
  std::string run_id;  ///< the flowrun.run label
  /// `--pull` policy forced for every container (missing, always, never); empty: each
  /// container's imagePullPolicy, else the engine's default.
  std::string pull;
  /// More `key=value` labels (flowrun.pid, flowrun.host).
  std::vector<std::string> labels;
  /// `--network` value: a network name, or `container:<name>` to share another container's
  /// network namespace (sidecars); empty: the engine's default network.
  std::string network;
  /// Resolved sources of the pod's volumes, by VolumeSpec::name, for the container's mounts.
  std::vector<std::pair<std::string, MountSource>> volumes;
};

/// `create --name N --label ... [--pull P] [--network N] [-e K=V]... [-v SRC:DST[:ro]]...
/// [--cpus C] [--memory M] [--user U] [--privileged] [--read-only] [-w DIR] [--entrypoint C0]
/// IMAGE [C1..] [ARGS..]` with Kubernetes semantics: a non-empty command replaces the
/// ENTRYPOINT (command[0] as `--entrypoint`, the rest of command before args after the image;
/// the engine then drops the image CMD too); an empty command keeps the image entrypoint and
/// passes args, if any, as CMD. No `--rm`: output files are copied out after the container
/// exits. A mount of a volume missing from options.volumes is skipped (the engine resolves
/// every mount before creating a container).
Argv create_argv(const EngineDialect& dialect, const CreateOptions& options,
                 const engine::PodRequest& request, const engine::ContainerSpec& container);

/// create_argv() for the pod's main container.
Argv create_argv(const EngineDialect& dialect, const CreateOptions& options,
                 const engine::PodRequest& request);

/// create_argv() with `run` for `create` (one call instead of create + start), and `-d`
/// when `detached`: attached, the CLI's stdout and stderr are the container's.
Argv run_argv(const EngineDialect& dialect, const CreateOptions& options,
              const engine::PodRequest& request, const engine::ContainerSpec& container,
              bool detached);

/// `start CONTAINER`: starts it detached (sidecars).
Argv start_detached_argv(const std::string& binary, const std::string& container);

/// `exec CONTAINER COMMAND...` (exec readiness probes).
Argv exec_argv(const std::string& binary, const std::string& container,
               const std::vector<std::string>& command);

/// `volume create --label ... NAME`.
Argv volume_create_argv(const std::string& binary, const std::string& name,
                        const std::vector<std::string>& labels);

/// `volume inspect --format {{.Mountpoint}} NAME`: where its files are on the host.
Argv volume_mountpoint_argv(const std::string& binary, const std::string& name);

/// `volume rm -f NAME...`.
Argv volume_rm_argv(const std::string& binary, const std::vector<std::string>& names);

/// `volume ls -q --filter label=flowrun.run=RUN_ID`.
Argv volume_ls_run_argv(const std::string& binary, std::string_view run_id);

/// `network create --label ... NAME`.
Argv network_create_argv(const std::string& binary, const std::string& name,
                         const std::vector<std::string>& labels);

/// `network rm NAME...`.
Argv network_rm_argv(const std::string& binary, const std::vector<std::string>& names);

/// `network ls -q --filter label=flowrun.run=RUN_ID` (podman prints names, docker IDs).
Argv network_ls_run_argv(const std::string& binary, std::string_view run_id);

/// `cp HOST_PATH CONTAINER:CONTAINER_PATH` (a directory is copied with its contents).
Argv cp_to_container_argv(const std::string& binary, const std::string& host_path,
                          const std::string& container, const std::string& container_path);

/// `cp [-L] CONTAINER:CONTAINER_PATH HOST_PATH`: a file becomes a file at HOST_PATH, a
/// directory a directory there when HOST_PATH does not exist yet (an existing directory gets it
/// inside instead). A symlink named as CONTAINER_PATH is followed on both engines.
Argv cp_from_container_argv(const EngineDialect& dialect, const std::string& binary,
                            const std::string& container, const std::string& container_path,
                            const std::string& host_path);

/// `start -a CONTAINER`: runs it attached, its stdout and stderr on the CLI's own two
/// streams (no TTY, so they stay apart); ends when the container does, with its exit code.
Argv start_attached_argv(const std::string& binary, const std::string& container);

/// `container inspect --format '{{.State.ExitCode}} {{.State.OOMKilled}}' CONTAINER`.
Argv inspect_exit_argv(const std::string& binary, const std::string& container);

/// `container inspect --format {{.Config.WorkingDir}} CONTAINER`: the directory its process
/// starts in (`-w`, else the image's WORKDIR; empty for `/`).
Argv inspect_workdir_argv(const std::string& binary, const std::string& container);

/// `container inspect --format` printing `<Running> <IP on each network>...`.
Argv inspect_ip_argv(const std::string& binary, const std::string& container);

/// `stop -t SECONDS CONTAINER`.
Argv stop_argv(const std::string& binary, const std::string& container, int seconds);

/// `rm -f [-t 0] CONTAINER...`: removes them, killing running ones at once.
Argv rm_argv(const EngineDialect& dialect, const std::string& binary,
             const std::vector<std::string>& containers);

/// `ps -aq --filter label=flowrun.run=RUN_ID`: the IDs of every container of a run.
Argv ps_run_argv(const std::string& binary, std::string_view run_id);

/// `version --format ...`: answers only when the engine can run containers.
Argv version_argv(const EngineDialect& dialect, const std::string& binary);

/// Parses inspect_exit_argv()'s output ("3 false"); nullopt when it is not that.
struct InspectedExit {
  int exit_code = 0;
  bool oom_killed = false;
};
std::optional<InspectedExit> parse_inspect_exit(std::string_view text);

/// Parses inspect_ip_argv()'s output: the first IP when the container runs, else empty.
std::string parse_inspect_ip(std::string_view text);

}  // namespace exec
