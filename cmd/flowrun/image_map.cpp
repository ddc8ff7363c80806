#include "image_map.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "util/text.hpp"

#include "flags.hpp"

namespace cli {
namespace {

/// An image map is a few lines; anything this large is not one.
constexpr std::uintmax_t k_max_file_bytes = 1024 * 1024;

using util::trim;

util::Error bad_input(std::string message) {
  return util::make_error(util::ErrorCode::invalid_input, std::move(message));
}

ImageMapping split_mapping(std::string_view entry) {
  const std::size_t equals = entry.find('=');
  return {std::string(entry.substr(0, equals)), std::string(entry.substr(equals + 1))};
}

util::Result<std::string> read_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return bad_input(fmt::format("cannot read {}: it is a directory", path));
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > k_max_file_bytes) {
    return bad_input(
        fmt::format("cannot read {}: {} bytes is too large for an image map", path, size));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return bad_input(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string plural(std::size_t count) {
  return fmt::format("{} entr{}", count, count == 1 ? "y" : "ies");
}

}  // namespace

ImageMapSources image_map_sources(std::vector<ImageMapping> flags,
                                  std::optional<std::string> file) {
  ImageMapSources sources;
  sources.flags = std::move(flags);
  sources.file = std::move(file);
  if (const char* env = std::getenv("FLOWRUN_IMAGE_MAP"); env != nullptr) {
    sources.env = env;
  }
  // XDG: a relative XDG_CONFIG_HOME is invalid and ignored; the default is ~/.config.
  const char* config_home = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (config_home != nullptr && config_home[0] == '/') {
    sources.config = fmt::format("{}/flowrun/image-map", config_home);
  } else if (home != nullptr && *home != '\0') {
    sources.config = fmt::format("{}/.config/flowrun/image-map", home);
  }
  return sources;
}

util::Result<std::vector<ImageMapping>> parse_image_map_file(std::string_view text,
                                                             const std::string& origin) {
  std::vector<ImageMapping> mappings;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    // Image references never contain '#': it always starts a comment.
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) {
      continue;
    }
    if (std::string error = image_mapping_error(line); !error.empty()) {
      return bad_input(fmt::format("{}:{}: {}", origin, line_number, error));
    }
    mappings.push_back(split_mapping(line));
  }
  return mappings;
}

util::Result<std::vector<ImageMapping>> parse_image_map_env(std::string_view text) {
  std::vector<ImageMapping> mappings;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto is_separator = [](char c) {
      return c == ',' || std::isspace(static_cast<unsigned char>(c)) != 0;
    };
    if (is_separator(text[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && !is_separator(text[end])) {
      ++end;
    }
    const std::string_view entry = text.substr(at, end - at);
    if (std::string error = image_mapping_error(entry); !error.empty()) {
      return bad_input(fmt::format("FLOWRUN_IMAGE_MAP: {}", error));
    }
    mappings.push_back(split_mapping(entry));
    at = end;
  }
  return mappings;
}

util::Result<std::vector<ImageMapping>> resolve_image_map(const ImageMapSources& sources,
                                                          std::vector<std::string>& notes) {
  std::vector<ImageMapping> all = sources.flags;
  if (!sources.flags.empty()) {
    notes.push_back(fmt::format("{} from --image-map", plural(sources.flags.size())));
  }
  auto add = [&](util::Result<std::vector<ImageMapping>> parsed,
                 const std::string& origin) -> std::optional<util::Error> {
    if (!parsed) {
      return parsed.error();
    }
    if (!parsed->empty()) {
      notes.push_back(fmt::format("{} from {}", plural(parsed->size()), origin));
    }
    all.insert(all.end(), parsed->begin(), parsed->end());
    return std::nullopt;
  };
  if (sources.file) {
    auto text = read_file(*sources.file);
    if (!text) {
      return bad_input(fmt::format("--image-map-file: {}", text.error().message));
    }
    if (auto error = add(parse_image_map_file(*text, *sources.file), *sources.file)) {
      return *error;
    }
  }
  if (sources.env) {
    if (auto error = add(parse_image_map_env(*sources.env), "FLOWRUN_IMAGE_MAP")) {
      return *error;
    }
  }
  std::error_code missing;
  if (sources.config && std::filesystem::exists(*sources.config, missing)) {
    auto text = read_file(*sources.config);
    if (!text) {
      return text.error();
    }
    if (auto error = add(parse_image_map_file(*text, *sources.config), *sources.config)) {
      return *error;
    }
  }
  return all;
}

}  // namespace cli
