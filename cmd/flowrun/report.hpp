/// Printing diagnostics and messages: text on stderr, JSON on stdout.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"

#include "commands.hpp"

namespace cli {

/// Colour only when asked for implicitly: stderr is a terminal, NO_COLOR is unset, TERM is
/// not "dumb", and --no-color was not given.
bool use_color(const GlobalOptions& globals);

/// Prints `flowrun: <message>` and a newline on stderr (for messages without a position).
void print_message(std::string_view message);

/// Prints every diagnostic GCC style (with source line and caret) on stderr, in the order
/// held; with -v each message ends with its check id, e.g. "[unknown-field]".
void print_diagnostics(const model::Diagnostics& diagnostics, const GlobalOptions& globals);

/// "2 errors, 1 warning in 3 files", or "no problems found in 3 files".
std::string summary_line(const model::Diagnostics& diagnostics, size_t file_count);

/// The `lint -o json` document: {"files", "diagnostics", "errors", "warnings"}.
std::string diagnostics_json(const model::Diagnostics& diagnostics,
                             const std::vector<std::string>& files);

}  // namespace cli
