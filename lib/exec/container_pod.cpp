// ContainerExecutor, per pod: volumes, the run network, init containers, sidecars and main
// (containerSet members: container_set_pod.cpp; what main leaves behind: container_outputs.cpp).
#include "exec/container_pod.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "exec/container_executor.hpp"

namespace exec {
namespace {

namespace fs = std::filesystem;

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

util::Error io_error(std::string message) {
  return util::make_error(util::ErrorCode::io, std::move(message));
}

util::Result<std::string> write_script(const fs::path& path, const std::string& source) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << source;
    if (!out) {
      return io_error(fmt::format("cannot write script {}", path.string()));
    }
  }
  fs::permissions(path,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  error);
  return path.string();
}

}  // namespace

util::Result<CliOutput> ContainerExecutor::run_checked(const Argv& argv, std::string_view what) {
  auto output = run_cli(argv);
  if (!output) {
    return output.error();
  }
  if (output->exit_code != 0) {
    return io_error(fmt::format("{} {} failed (exit code {}): {}", m_dialect.name, what,
                                output->exit_code, output->err));
  }
  return output;
}

util::Result<std::string> ContainerExecutor::ensure_network() {
  if (m_network.empty()) {
    const std::string name = fmt::format("flowrun-{}", short_run_id(m_options.run_id));
    m_created_any = true;
    auto created =
        run_checked(network_create_argv(m_options.binary, name, run_labels()), "network create");
    if (!created) {
      return created.error();
    }
    m_network = name;
  }
  return m_network;
}

ContainerExecutor::Status ContainerExecutor::resolve_volumes(Pod& pod) {
  for (const engine::VolumeSpec& volume : pod.request.volumes) {
    MountSource source{false, {}, volume.read_only};
    switch (volume.kind) {
      case engine::VolumeKind::host_path:
        source.bind = true;
        source.source = volume.source;
        break;
      case engine::VolumeKind::empty_dir: {
        source.source = fmt::format("{}-{}", pod.base, volume.name);
        m_created_any = true;
        auto made = run_checked(volume_create_argv(m_options.binary, source.source, run_labels()),
                                "volume create");
        if (!made) {
          return made.error();
        }
        pod.volumes.push_back(source.source);
        break;
      }
      case engine::VolumeKind::claim: {
        auto known = std::find_if(m_claims.begin(), m_claims.end(),
                                  [&](const auto& claim) { return claim.first == volume.source; });
        if (known == m_claims.end()) {
          const std::string name = fmt::format("{}-{}-{}", pod.request.workflow_name, volume.source,
                                               short_run_id(m_options.run_id));
          m_created_any = true;
          auto made = run_checked(volume_create_argv(m_options.binary, name, run_labels()),
                                  "volume create");
          if (!made) {
            return made.error();
          }
          known = m_claims.emplace(m_claims.end(), volume.source, name);
        }
        source.source = known->second;
        break;
      }
      case engine::VolumeKind::named: {
        auto exists = run_cli(volume_mountpoint_argv(m_options.binary, volume.source));
        if (!exists || exists->exit_code != 0) {
          return io_error(
              fmt::format("persistentvolumeclaim \"{}\" not found: create the {} volume '{}' first",
                          volume.source, m_dialect.name, volume.source));
        }
        source.source = volume.source;
        break;
      }
    }
    pod.sources.emplace_back(volume.name, std::move(source));
  }
  return true;
}

util::Result<engine::ContainerSpec> ContainerExecutor::sub_path_binds(
    std::vector<std::pair<std::string, MountSource>>& sources, const engine::ContainerSpec& spec) {
  // A subPath into an engine volume becomes a bind mount of that directory under the
  // volume's mountpoint: docker 20.10 and podman 4 cannot mount part of a volume. Like the
  // kubelet, the directory is made when missing.
  engine::ContainerSpec out = spec;
  for (std::size_t index = 0; index < out.mounts.size(); ++index) {
    engine::MountSpec& mount = out.mounts[index];
    auto source = std::find_if(sources.begin(), sources.end(),
                               [&](const auto& entry) { return entry.first == mount.volume; });
    if (mount.sub_path.empty() || source == sources.end() || source->second.bind) {
      continue;
    }
    auto where = run_checked(volume_mountpoint_argv(m_options.binary, source->second.source),
                             "volume inspect");
    if (!where) {
      return where.error();
    }
    const fs::path dir = fs::path(trimmed(where->out)) / mount.sub_path;
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) {
      return io_error(fmt::format(
          "volume '{}': cannot make subPath '{}' at {} ({}); subPath into an engine volume "
          "needs the engine on this machine",
          mount.volume, mount.sub_path, dir.string(), error.message()));
    }
    const std::string key = fmt::format("{}#{}", mount.volume, index);
    sources.emplace_back(key, MountSource{true, dir.string(), source->second.read_only});
    mount.volume = key;
    mount.sub_path.clear();
  }
  return out;
}

ContainerExecutor::Status ContainerExecutor::start_container(
    Pod& pod, const engine::ContainerSpec& spec, const std::string& name,
    const std::string& network, bool attached, const std::string& stream) {
  CreateOptions create;
  create.binary = m_options.binary;
  create.name = name;
  create.run_id = m_options.run_id;
  create.pull = m_options.pull;
  create.labels = host_labels();
  create.network = network;
  create.volumes = pod.sources;
  auto mounted = sub_path_binds(create.volumes, spec);
  if (!mounted) {
    return mounted.error();
  }
  const fs::path stage = fs::path(pod.dir) / fmt::format("stage-{}", name);
  if (spec.script_source) {
    auto script =
        write_script(stage / std::string(engine::k_script_path).substr(1), *spec.script_source);
    if (!script) {
      return script.error();
    }
    if (m_local_engine) {
      // The engine runs on this machine: bind-mount the script instead of copying it in,
      // so the container starts with one `run` instead of create + cp + start.
      const std::string key = fmt::format("{}#script", name);
      create.volumes.emplace_back(key, MountSource{true, *script, true});
      mounted->mounts.push_back({key, std::string(engine::k_script_path), "", true});
    }
  }
  m_created_any = true;
  if (!spec.script_source || m_local_engine) {
    Argv argv = run_argv(m_dialect, create, pod.request, *mounted, !attached);
    if (!attached) {
      auto started = run_checked(argv, fmt::format("run {}", name));
      return started ? Status(true) : Status(started.error());
    }
    pod.one_call = true;
    return attach(pod, name, std::move(argv), stream);
  }
  auto created = run_checked(create_argv(m_dialect, create, pod.request, *mounted),
                             fmt::format("create {}", name));
  if (!created) {
    return created.error();
  }
  // Copying the directory `argo` to `/` creates /argo/staging/script, whose parents the
  // image does not have (cp into a missing directory fails).
  auto copied =
      run_cli(cp_to_container_argv(m_options.binary, (stage / "argo").string(), name, "/"));
  if (!copied || copied->exit_code != 0) {
    return io_error(fmt::format("cannot copy the script into {}: {}", name,
                                copied ? copied->err : copied.error().message));
  }
  if (!attached) {
    auto started =
        run_checked(start_detached_argv(m_options.binary, name), fmt::format("start {}", name));
    return started ? Status(true) : Status(started.error());
  }
  pod.one_call = false;
  return attach(pod, name, start_attached_argv(m_options.binary, name), stream);
}

ContainerExecutor::Status ContainerExecutor::attach(Pod& pod, const std::string& name, Argv argv,
                                                    const std::string& stream) {
  echo_logs(pod, true);
  SpawnRequest spawn;
  spawn.argv = std::move(argv);
  spawn.env = m_env;
  spawn.cwd = pod.dir;
  spawn.stdout_path = fmt::format("{}/{}stdout", pod.dir, stream);
  spawn.stderr_path = fmt::format("{}/{}stderr", pod.dir, stream);
  auto process = Process::spawn(spawn);
  if (!process) {
    return process.error();
  }
  pod.current = name;
  pod.process.emplace(std::move(*process));
  pod.out_tail.reset();
  pod.err_tail.reset();
  if (m_options.log) {
    pod.out_tail.emplace(spawn.stdout_path);
    pod.err_tail.emplace(spawn.stderr_path);
  }
  return true;
}

ContainerExecutor::Status ContainerExecutor::begin_stage(Pod& pod) {
  util::Result<std::string> network = std::string();  // the engine's default network
  if (pod.request.run_network) {
    network = ensure_network();
    if (!network) {
      return network.error();
    }
  }
  if (pod.stage == Pod::Stage::init && pod.init_index < pod.request.init_containers.size()) {
    const engine::ContainerSpec& init = pod.request.init_containers[pod.init_index];
    const std::string name = fmt::format("{}-{}", pod.base, init.name);
    return start_container(pod, init, name, *network, true,
                           fmt::format("init-{}.", pod.init_index));
  }
  pod.stage = Pod::Stage::main;
  std::string main_network = *network;
  for (const engine::ContainerSpec& sidecar : pod.request.sidecars) {
    const std::string name = fmt::format("{}-{}", pod.base, sidecar.name);
    pod.sidecars.push_back(name);  // removed with the pod even when its start fails
    auto started = start_container(pod, sidecar, name,
                                   pod.sidecars.size() == 1 ? *network : main_network, false, "");
    if (!started) {
      return started;
    }
    main_network = fmt::format("container:{}", pod.sidecars.front());
  }
  pod.ip_container = pod.sidecars.empty() ? pod.base : pod.sidecars.front();
  pod.started_at = std::chrono::system_clock::now();
  return start_container(pod, pod.request.main, pod.base, main_network, true, "");
}

util::Result<std::unique_ptr<ContainerExecutor::Pod>> ContainerExecutor::launch(
    const engine::PodRequest& request) {
  auto root = ensure_root();
  if (!root) {
    return root.error();
  }
  m_workflow = request.workflow_name;
  auto pod = std::make_unique<Pod>();
  pod->request = request;
  pod->dir = fmt::format("{}/pod-{}", *root, m_next_pod++);
  pod->base = container_name(request, m_options.run_id);
  pod->ready_pending = request.daemon;
  pod->started_at = std::chrono::system_clock::now();
  std::error_code error;
  fs::create_directories(pod->dir, error);
  if (error) {
    return io_error(fmt::format("cannot create {}: {}", pod->dir, error.message()));
  }
  Status ready = resolve_volumes(*pod);
  if (ready) {
    ready = request.container_set.empty() ? begin_stage(*pod) : begin_set(*pod);
  }
  if (!ready) {
    release(*pod);
    return ready.error();
  }
  return pod;
}

bool ContainerExecutor::advance(Pod& pod, int cli_exit_code) {
  if (pod.stage == Pod::Stage::main || pod.stopper) {
    m_events.push_back(finish(pod, cli_exit_code));
    return true;
  }
  echo_logs(pod, true);
  const std::string name = pod.request.init_containers[pod.init_index].name;
  engine::PodEvent event;
  event.kind = engine::PodEvent::Kind::exited;
  event.node_id = pod.request.node_id;
  event.started_at = pod.started_at;
  event.exit_code = cli_exit_code;
  event.container = name;
  const bool started = settle_exit(pod, event);
  remove_containers({pod.current});
  pod.process.reset();
  if (!started || event.exit_code != 0) {
    event.finished_at = std::chrono::system_clock::now();
    release(pod);
    m_events.push_back(std::move(event));
    return true;
  }
  ++pod.init_index;
  Status next = begin_stage(pod);
  if (!next) {
    event.started = false;
    event.container = "main";
    event.message = next.error().message;
    release(pod);
    m_events.push_back(std::move(event));
    return true;
  }
  return false;
}

bool ContainerExecutor::settle_exit(Pod& pod, engine::PodEvent& event) {
  if (event.exit_code == 0) {
    return true;  // the attached CLI passes the container's code on; 0 is never OOMKilled
  }
  // A non-zero code may be the CLI's own (an engine error): the container's state decides.
  if (auto inspected = run_cli(inspect_exit_argv(m_options.binary, pod.current));
      inspected && inspected->exit_code == 0) {
    if (auto parsed = parse_inspect_exit(inspected->out)) {
      event.exit_code = parsed->exit_code;
      event.oom_killed = parsed->oom_killed;
    }
    return true;
  }
  if (!pod.one_call) {
    return true;
  }
  const std::string stream =
      pod.stage == Pod::Stage::init ? fmt::format("init-{}.", pod.init_index) : "";
  event.started = false;
  event.message = fmt::format(
      "{} run {} failed (exit code {}): {}", m_dialect.name, pod.current, event.exit_code,
      trimmed(read_whole_file(fmt::format("{}/{}stderr", pod.dir, stream)).value_or("")));
  return false;
}

engine::PodEvent ContainerExecutor::finish(Pod& pod, int cli_exit_code) {
  echo_logs(pod, true);
  engine::PodEvent event;
  event.kind = engine::PodEvent::Kind::exited;
  event.node_id = pod.request.node_id;
  event.finished_at = std::chrono::system_clock::now();
  event.started_at = pod.started_at;
  // `start -a` exits with the container's code, but also with its own on an engine error:
  // the container's state is the authority.
  event.exit_code = cli_exit_code;
  if (!settle_exit(pod, event)) {
    release(pod);
    return event;
  }
  event.stdout_text = read_whole_file(pod.dir + "/stdout").value_or("");
  copy_outputs(pod, event);
  copy_artifacts(pod, event);
  release(pod);  // only now: the outputs are copied out of the stopped container
  return event;
}

void ContainerExecutor::release(Pod& pod) {
  const bool all_exited = pod.sidecars.empty();  // sidecars still run: rm -f stops them
  std::vector<std::string> containers = pod.sidecars;
  containers.push_back(pod.base);
  if (!pod.current.empty() && pod.current != pod.base) {
    containers.push_back(pod.current);
  }
  pod.sidecars.clear();
  if (pod.volumes.empty()) {
    // Nothing waits for the removal: it runs in the background (reaped by sweep(), awaited
    // by cancel_all()), so the next step does not wait for it either; in batches where the
    // engine's rm slows its next run (cancel_all() removes the last batch by label).
    m_finished.insert(m_finished.end(), containers.begin(), containers.end());
    if (all_exited && m_finished.size() < m_dialect.rm_batch) {
      std::error_code ignored;
      fs::remove_all(pod.dir, ignored);
      return;
    }
    containers = std::exchange(m_finished, {});
    SpawnRequest spawn;
    spawn.argv = rm_argv(m_dialect, m_options.binary, containers);
    spawn.env = m_env;
    spawn.cwd = m_root;
    // Never /dev/null: Process::spawn replaces its output files.
    const std::size_t tag = m_next_cli++;
    spawn.stdout_path = fmt::format("{}/rm-{}.out", m_root, tag);
    spawn.stderr_path = fmt::format("{}/rm-{}.err", m_root, tag);
    if (auto remover = Process::spawn(spawn)) {
      m_removers.push_back(std::move(*remover));
    } else {
      remove_containers(containers);
    }
  } else {
    remove_containers(containers);  // the volumes can only go once their users have
    (void)run_cli(volume_rm_argv(m_options.binary, pod.volumes));
    pod.volumes.clear();
  }
  std::error_code ignored;
  fs::remove_all(pod.dir, ignored);
}

}  // namespace exec
