#include "store/memo_store.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "graph/naming.hpp"
#include "report/time_text.hpp"
#include "store/atomic_file.hpp"

namespace store {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t k_max_name = 200;  ///< longest encoded name kept whole
constexpr std::size_t k_cut_name = 180;  ///< what a longer one is cut to before its hash

bool kept_as_is(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

/// `2024-01-02T03:04:05Z` (fractional seconds ignored) as an instant; nullopt otherwise.
std::optional<graph::TimePoint> parse_rfc3339(const std::string& text) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  int hours = 0;
  int minutes = 0;
  int seconds = 0;
  char zone = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2uT%2d:%2d:%2d", &year, &month, &day, &hours, &minutes,
                  &seconds) != 6 ||
      text.size() < 20) {
    return std::nullopt;
  }
  zone = text.back();
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok() || zone != 'Z' || hours > 23 || minutes > 59 || seconds > 60) {
    return std::nullopt;
  }
  return graph::TimePoint(std::chrono::sys_days(date)) + std::chrono::hours(hours) +
         std::chrono::minutes(minutes) + std::chrono::seconds(seconds);
}

Json outputs_json(const graph::NodeOutputs& outputs) {
  Json out = Json::object();
  if (!outputs.parameters.empty()) {
    Json list = Json::array();
    for (const auto& [name, value] : outputs.parameters) {
      list.push_back(Json{{"name", name}, {"value", value}});
    }
    out["parameters"] = std::move(list);
  }
  if (outputs.result) {
    out["result"] = *outputs.result;
  }
  if (outputs.exit_code) {
    out["exitCode"] = *outputs.exit_code;
  }
  if (!outputs.artifacts.empty()) {
    // Output artifacts are references into the artifact repository, kept as they are.
    Json list = Json::array();
    for (const graph::ArtifactRef& artifact : outputs.artifacts) {
      list.push_back(Json{{"name", artifact.name},
                          {"path", artifact.path},
                          {"kind", artifact.kind},
                          {"key", artifact.key},
                          {"data", artifact.data},
                          {"url", artifact.url}});
    }
    out["artifacts"] = std::move(list);
  }
  return out;
}

/// The text of a string field; nullopt when absent or not a string.
std::optional<std::string> string_field(const Json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

/// An entry as saved (by flowrun, or by hand in Argo's ConfigMap form); nullopt when
/// malformed.
std::optional<engine::MemoEntry> entry_from_json(const Json& json) {
  if (!json.is_object()) {
    return std::nullopt;
  }
  engine::MemoEntry entry;
  entry.node_id = string_field(json, "nodeID").value_or("");
  const std::optional<std::string> created = string_field(json, "creationTimestamp");
  const std::optional<graph::TimePoint> when = created ? parse_rfc3339(*created) : std::nullopt;
  if (!when) {
    return std::nullopt;  // maxAge could not be honoured
  }
  entry.created_at = *when;
  const auto outputs = json.find("outputs");
  if (outputs == json.end()) {
    return entry;
  }
  if (!outputs->is_object()) {
    return std::nullopt;
  }
  entry.outputs.result = string_field(*outputs, "result");
  entry.outputs.exit_code = string_field(*outputs, "exitCode");
  if (const auto parameters = outputs->find("parameters"); parameters != outputs->end()) {
    if (!parameters->is_array()) {
      return std::nullopt;
    }
    for (const Json& parameter : *parameters) {
      const std::optional<std::string> name =
          parameter.is_object() ? string_field(parameter, "name") : std::nullopt;
      if (!name) {
        return std::nullopt;
      }
      entry.outputs.parameters.emplace_back(*name, string_field(parameter, "value").value_or(""));
    }
  }
  if (const auto artifacts = outputs->find("artifacts"); artifacts != outputs->end()) {
    if (!artifacts->is_array()) {
      return std::nullopt;
    }
    for (const Json& item : *artifacts) {
      if (!item.is_object() || !string_field(item, "name")) {
        return std::nullopt;
      }
      graph::ArtifactRef artifact;
      artifact.name = *string_field(item, "name");
      artifact.path = string_field(item, "path").value_or("");
      artifact.kind = string_field(item, "kind").value_or("s3");
      artifact.key = string_field(item, "key").value_or("");
      artifact.data = string_field(item, "data").value_or("");
      artifact.url = string_field(item, "url").value_or("");
      entry.outputs.artifacts.push_back(std::move(artifact));
    }
  }
  return entry;
}

Json entry_json(const engine::MemoEntry& entry, graph::TimePoint last_hit) {
  Json out = Json::object();
  out["nodeID"] = entry.node_id;
  out["outputs"] = outputs_json(entry.outputs);
  out["creationTimestamp"] = report::rfc3339(entry.created_at);
  out["lastHitTimestamp"] = report::rfc3339(last_hit);
  return out;
}

}  // namespace

std::string cache_dir(const std::string& state_dir) {
  return state_dir + "/cache";
}

std::string memo_file_name(const std::string& text) {
  if (text.empty()) {
    return "%";
  }
  std::string name;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (kept_as_is(byte)) {
      name += c;
    } else {
      name += fmt::format("%{:02X}", byte);
    }
  }
  if (name.size() > k_max_name) {
    name = fmt::format("{}~{:08x}", name.substr(0, k_cut_name), graph::fnv32a(text));
  }
  return name;
}

std::string MemoStore::entry_path(const std::string& cache_name, const std::string& key) const {
  return fmt::format("{}/{}/{}.json", m_root, memo_file_name(cache_name), memo_file_name(key));
}

std::optional<engine::MemoEntry> MemoStore::lookup(const std::string& cache_name,
                                                   const std::string& key) {
  const std::string path = entry_path(cache_name, key);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const Json json = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  std::optional<engine::MemoEntry> entry = entry_from_json(json);
  if (entry) {
    // Argo records the hit (lastHitTimestamp; its cache GC deletes entries not hit lately).
    const std::optional<util::Error> ignored = write_file_atomically(
        path, entry_json(*entry, std::chrono::system_clock::now()).dump() + "\n");
    (void)ignored;
  }
  return entry;
}

std::optional<util::Error> MemoStore::save(const std::string& cache_name, const std::string& key,
                                           const engine::MemoEntry& entry) {
  const std::string path = entry_path(cache_name, key);
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  if (error) {
    return util::make_error(
        util::ErrorCode::io,
        fmt::format("failed to save the cache entry {}: {}", path, error.message()));
  }
  if (std::optional<util::Error> failed =
          write_file_atomically(path, entry_json(entry, entry.created_at).dump() + "\n")) {
    return util::make_error(
        util::ErrorCode::io,
        fmt::format("failed to save the cache entry {}: {}", path, failed->message));
  }
  return std::nullopt;
}

}  // namespace store
