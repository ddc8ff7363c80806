#include "exec/gc.hpp"

#include <cctype>
#include <cerrno>
#include <climits>
#include <fstream>

#include <fmt/format.h>

#include "util/text.hpp"

#include <signal.h>

namespace exec {
namespace {

using util::trim;

/// The Go template of one label value; containers keep labels in .Config.Labels.
std::string label_field(ResourceKind kind, std::string_view label) {
  return fmt::format("{{{{index .{}Labels \"{}\"}}}}",
                     kind == ResourceKind::container ? "Config." : "", label);
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const std::size_t tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) {
      return fields;
    }
    line.remove_prefix(tab + 1);
  }
}

std::string label_value(std::string_view field) {
  field = trim(field);
  return field == "<no value>" ? std::string() : std::string(field);
}

}  // namespace

std::string_view to_string(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::pod: return "pod";
    case ResourceKind::container: return "container";
    case ResourceKind::network: return "network";
    case ResourceKind::volume: return "volume";
  }
  return "container";
}

Argv gc_list_argv(const std::string& binary, ResourceKind kind) {
  const std::string filter = fmt::format("label={}", k_label_run);
  switch (kind) {
    case ResourceKind::pod: return {binary, "pod", "ps", "-q", "--filter", filter};
    case ResourceKind::container: return {binary, "ps", "-aq", "--filter", filter};
    case ResourceKind::network: return {binary, "network", "ls", "-q", "--filter", filter};
    case ResourceKind::volume: return {binary, "volume", "ls", "-q", "--filter", filter};
  }
  return {};
}

Argv gc_inspect_argv(const std::string& binary, ResourceKind kind,
                     const std::vector<std::string>& ids) {
  // Volumes and networks are removed by name; a container by its ID (names can be reused
  // the moment it is gone).
  const std::string id = kind == ResourceKind::container ? "{{.Id}}"
                         : kind == ResourceKind::pod     ? "{{.ID}}"
                                                         : "{{.Name}}";
  const std::string format =
      fmt::format("{}\t{{{{.Name}}}}\t{}\t{}\t{}", id, label_field(kind, k_label_run),
                  label_field(kind, k_label_pid), label_field(kind, k_label_host));
  Argv argv{binary, std::string(to_string(kind)), "inspect", "--format", format};
  argv.insert(argv.end(), ids.begin(), ids.end());
  return argv;
}

Argv gc_remove_argv(const EngineDialect& dialect, const std::string& binary, ResourceKind kind,
                    const std::string& id) {
  switch (kind) {
    case ResourceKind::pod: return {binary, "pod", "rm", "-f", id};
    case ResourceKind::container: {
      Argv argv{binary, "rm", "-f"};
      if (dialect.rm_needs_zero_timeout) {
        argv.insert(argv.end(), {"-t", "0"});  // a leftover is killed, not asked to stop
      }
      argv.push_back(id);
      return argv;
    }
    // docker 20.10's `network rm` has no -f; nothing uses the network once its containers
    // are gone.
    case ResourceKind::network: return {binary, "network", "rm", id};
    case ResourceKind::volume: return {binary, "volume", "rm", "-f", id};
  }
  return {};
}

std::vector<std::string> parse_lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    if (!line.empty()) {
      lines.emplace_back(line);
    }
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

std::vector<LabelledResource> parse_gc_inspect(ResourceKind kind, std::string_view text) {
  std::vector<LabelledResource> resources;
  while (!text.empty()) {
    // Not trimmed as a whole: missing labels at the end of a line are empty fields.
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const std::vector<std::string_view> fields = split_tabs(line);
    if (fields.size() != 5 || trim(fields[0]).empty()) {
      continue;
    }
    LabelledResource resource;
    resource.kind = kind;
    resource.id = std::string(trim(fields[0]));
    std::string_view name = trim(fields[1]);
    if (kind == ResourceKind::container && !name.empty() && name.front() == '/') {
      name.remove_prefix(1);  // docker's container names start with '/'
    }
    resource.name = name.empty() ? resource.id : std::string(name);
    resource.run = label_value(fields[2]);
    resource.pid = label_value(fields[3]);
    resource.host = label_value(fields[4]);
    resources.push_back(std::move(resource));
  }
  return resources;
}

std::optional<int> parse_owner_pid(std::string_view text) {
  if (text.empty() || text.size() > 10) {
    return std::nullopt;
  }
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > INT_MAX) {
    return std::nullopt;
  }
  return static_cast<int>(value);
}

GcVerdict gc_verdict(const LabelledResource& resource, const GcHost& host) {
  if (host.all) {
    return GcVerdict::remove;
  }
  const std::optional<int> pid = parse_owner_pid(resource.pid);
  if (!pid || resource.host.empty()) {
    return GcVerdict::keep_unlabelled;
  }
  if (resource.host != host.hostname) {
    return GcVerdict::keep_other_host;
  }
  if (host.flowrun_alive && host.flowrun_alive(*pid)) {
    return GcVerdict::keep_running;
  }
  return GcVerdict::remove;
}

bool flowrun_process_alive(int pid) {
  if (pid < 1) {
    return false;
  }
  if (::kill(pid, 0) != 0 && errno != EPERM) {
    return false;  // ESRCH: no such process
  }
  std::ifstream comm(fmt::format("/proc/{}/comm", pid));
  std::string name;
  if (!comm || !std::getline(comm, name)) {
    // No /proc here (or the process just ended): an existing process might be flowrun.
    return ::kill(pid, 0) == 0 || errno == EPERM;
  }
  return trim(name) == "flowrun";
}

}  // namespace exec
