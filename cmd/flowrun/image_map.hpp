/// The image map of `flowrun run`: FROM=TO pairs from four sources, first match wins.
///
///   1. --image-map FROM=TO (repeatable), in command-line order
///   2. --image-map-file FILE
///   3. FLOWRUN_IMAGE_MAP: entries separated by commas or whitespace
///   4. the default file, $XDG_CONFIG_HOME/flowrun/image-map (~/.config/flowrun/image-map),
///      when it exists
///
/// A file has one FROM=TO per line; `#` starts a comment, blank lines are skipped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

#include "run_options.hpp"

namespace cli {

/// Where the entries come from, as given (nothing read yet).
struct ImageMapSources {
  std::vector<ImageMapping> flags;    ///< --image-map, already checked by the flag's validator
  std::optional<std::string> file;    ///< --image-map-file
  std::optional<std::string> env;     ///< FLOWRUN_IMAGE_MAP; nullopt when unset
  std::optional<std::string> config;  ///< the default file's path; nullopt without HOME
};

/// The sources as this process sees them: `flags` and `file` from the command line, the
/// environment variable and the default file's path from the environment.
ImageMapSources image_map_sources(std::vector<ImageMapping> flags, std::optional<std::string> file);

/// The entries of `text`, a file's content; `origin` names it in errors ("FILE").
/// An error (invalid_input) is `FILE:LINE: expected FROM=TO, got ...`.
util::Result<std::vector<ImageMapping>> parse_image_map_file(std::string_view text,
                                                             const std::string& origin);

/// The entries of a FLOWRUN_IMAGE_MAP value. An error is `FLOWRUN_IMAGE_MAP: expected ...`.
util::Result<std::vector<ImageMapping>> parse_image_map_env(std::string_view text);

/// Every entry of every source, in precedence order; `notes` receives one line per source
/// that gave entries (for -v). Errors (invalid_input): a bad entry, or an --image-map-file
/// (or an existing default file) that cannot be read.
util::Result<std::vector<ImageMapping>> resolve_image_map(const ImageMapSources& sources,
                                                          std::vector<std::string>& notes);

}  // namespace cli
