#include "exec/dry_run_executor.hpp"

#include <utility>

#include <fmt/format.h>

#include "util/quote.hpp"

namespace exec {
namespace {

/// Longest script line shown before it is cut (in bytes, at a character boundary).
constexpr std::size_t k_script_preview = 60;

/// `text` quoted as Go quotes it, so list elements with spaces or commas stay unambiguous.
void append_quoted(std::string& out, std::string_view text) {
  out += util::go_quote(text);
}

void append_list(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += ", ";
    }
    append_quoted(out, items[i]);
  }
  out += ']';
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

/// The script's first non-blank line, cut to k_script_preview bytes; `…` follows when
/// anything was left out.
std::string script_preview(std::string_view source) {
  std::string_view rest = source;
  std::string_view line;
  while (!rest.empty()) {
    std::size_t newline = rest.find('\n');
    line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    if (!is_blank(line)) {
      break;
    }
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  bool cut = !is_blank(rest);
  if (line.size() > k_script_preview) {
    std::size_t end = k_script_preview;
    // Do not split a UTF-8 sequence: back up over continuation bytes.
    while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) {
      --end;
    }
    line = line.substr(0, end);
    cut = true;
  }
  std::string out;
  append_quoted(out, line);
  if (cut) {
    out.insert(out.size() - 1, "…");
  }
  return out;
}

/// `, output artifacts ["<path>", ...]` when the pod has any (the engine mounts input
/// artifacts: they show as volumes).
void append_artifacts(std::string& out, const engine::PodRequest& request) {
  if (request.output_artifacts.empty()) {
    return;
  }
  std::vector<std::string> paths;
  paths.reserve(request.output_artifacts.size());
  for (const engine::OutputArtifactRequest& artifact : request.output_artifacts) {
    paths.push_back(artifact.path);
  }
  out += ", output artifacts ";
  append_list(out, paths);
}

/// A containerSet pod: each member with its image, command, args and dependencies.
std::string describe_container_set(const engine::PodRequest& request) {
  std::string out =
      fmt::format("would run {} ({}): containerSet", request.pod_name, request.node_name);
  for (const engine::ContainerSetMember& member : request.container_set) {
    out += fmt::format(" {} (image {}, command ", member.spec.name, member.spec.image);
    append_list(out, member.spec.command);
    out += ", args ";
    append_list(out, member.spec.args);
    if (!member.dependencies.empty()) {
      out += ", after ";
      append_list(out, member.dependencies);
    }
    out += ')';
  }
  if (request.container_set_retry.retries > 0) {
    out += fmt::format(", retries {}", request.container_set_retry.retries);
  }
  for (const engine::VolumeSpec& volume : request.volumes) {
    out += fmt::format(", volume {}", volume.name);
  }
  append_artifacts(out, request);
  return out;
}

}  // namespace

std::string describe_pod(const engine::PodRequest& request) {
  if (!request.container_set.empty()) {
    return describe_container_set(request);
  }
  const engine::ContainerSpec& main = request.main;
  std::string out = fmt::format("would run {} ({}): image {}, command ", request.pod_name,
                                request.node_name, main.image);
  append_list(out, main.command);
  out += ", args ";
  append_list(out, main.args);
  if (!main.env.empty()) {
    out += ", env [";
    for (std::size_t i = 0; i < main.env.size(); ++i) {
      out += i > 0 ? ", " : "";
      out += main.env[i].first;
    }
    out += ']';
  }
  if (main.script_source) {
    out += ", script ";
    out += script_preview(*main.script_source);
  }
  if (request.daemon) {
    out += ", daemon";
  }
  for (const auto& [label, group] :
       {std::pair{"init", &request.init_containers}, std::pair{"sidecar", &request.sidecars}}) {
    for (const engine::ContainerSpec& container : *group) {
      out += fmt::format(", {} {} ({})", label, container.name, container.image);
    }
  }
  for (const engine::VolumeSpec& volume : request.volumes) {
    out += fmt::format(", volume {}", volume.name);
  }
  append_artifacts(out, request);
  return out;
}

DryRunExecutor::DryRunExecutor(LineSink sink, DryRunOptions options)
    : m_sink(std::move(sink)), m_options(std::move(options)) {}

engine::PodEvent DryRunExecutor::exited_event(std::string node_id,
                                              const std::vector<std::string>& output_files,
                                              std::size_t artifacts) const {
  engine::PodEvent event;
  event.kind = engine::PodEvent::Kind::exited;
  event.node_id = std::move(node_id);
  event.stdout_text = m_options.stdout_stub;
  event.files.reserve(output_files.size());
  for (const std::string& path : output_files) {
    event.files.emplace_back(path, m_options.file_stub);
  }
  event.artifacts.assign(artifacts, true);  // "copied", though nothing is made on disk
  return event;
}

void DryRunExecutor::start(const engine::PodRequest& request) {
  if (m_sink) {
    m_sink(describe_pod(request));
  }
  ++m_outstanding;
  if (!request.daemon) {
    engine::PodEvent event =
        exited_event(request.node_id, request.output_files, request.output_artifacts.size());
    for (const engine::ContainerSetMember& member : request.container_set) {
      engine::ContainerResult result;  // every member "runs" and exits 0
      result.name = member.spec.name;
      result.started = true;
      event.containers.push_back(std::move(result));
    }
    m_events.push_back(std::move(event));
    return;
  }
  engine::PodEvent ready;
  ready.kind = engine::PodEvent::Kind::ready;
  ready.ip = "127.0.0.1";  // a stub address for `steps.X.ip`
  ready.node_id = request.node_id;
  m_events.push_back(std::move(ready));
  m_daemons.insert_or_assign(request.node_id, request.output_files);
}

std::optional<engine::PodEvent> DryRunExecutor::wait_next(
    std::optional<engine::TimePoint> /*deadline*/) {
  if (m_events.empty()) {
    return std::nullopt;
  }
  engine::PodEvent event = std::move(m_events.front());
  m_events.pop_front();
  if (event.kind == engine::PodEvent::Kind::exited) {
    --m_outstanding;
  }
  return event;
}

void DryRunExecutor::stop(std::string_view node_id) {
  auto daemon = m_daemons.find(std::string(node_id));
  if (daemon == m_daemons.end()) {
    return;  // not a running daemon: its `exited` event is already queued (or returned)
  }
  // A daemon is stopped, not finished: no artifacts, as with the container executors.
  m_events.push_back(exited_event(daemon->first, daemon->second, 0));
  m_daemons.erase(daemon);
}

void DryRunExecutor::cancel_all() {
  m_events.clear();
  m_daemons.clear();
  m_outstanding = 0;
}

std::size_t DryRunExecutor::outstanding() const {
  return m_outstanding;
}

}  // namespace exec
