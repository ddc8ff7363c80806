#include "report.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

namespace cli {
namespace {

std::string plural(size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

/// A 0 line or column means "unknown": null in JSON rather than a fake position.
nlohmann::ordered_json position(uint32_t value) {
  return value == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

}  // namespace

bool use_color(const GlobalOptions& globals) {
  if (globals.no_color || std::getenv("NO_COLOR") != nullptr) {
    return false;
  }
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) {
    return false;
  }
  return isatty(STDERR_FILENO) != 0;
}

void print_message(std::string_view message) {
  fmt::print(stderr, "flowrun: {}\n", message);
}

void print_diagnostics(const model::Diagnostics& diagnostics, const GlobalOptions& globals) {
  const bool color = use_color(globals);
  for (const model::Diagnostic& diagnostic : diagnostics.all()) {
    if (globals.verbosity > 0) {
      model::Diagnostic tagged = diagnostic;
      tagged.message += fmt::format(" [{}]", diagnostic.check);
      fmt::print(stderr, "{}", model::render(tagged, color));
    } else {
      fmt::print(stderr, "{}", model::render(diagnostic, color));
    }
  }
}

std::string summary_line(const model::Diagnostics& diagnostics, size_t file_count) {
  if (diagnostics.all().empty()) {
    return fmt::format("no problems found in {}", plural(file_count, "file"));
  }
  return fmt::format("{}, {} in {}", plural(diagnostics.error_count(), "error"),
                     plural(diagnostics.warning_count(), "warning"), plural(file_count, "file"));
}

std::string diagnostics_json(const model::Diagnostics& diagnostics,
                             const std::vector<std::string>& files) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const model::Diagnostic& d : diagnostics.all()) {
    nlohmann::ordered_json item;
    item["file"] = d.loc.file != nullptr ? nlohmann::ordered_json(d.loc.file->path())
                                         : nlohmann::ordered_json(nullptr);
    item["line"] = position(d.loc.line);
    item["column"] = position(d.loc.column);
    item["severity"] = std::string(model::to_string(d.severity));
    item["check"] = d.check;
    item["message"] = d.message;
    items.push_back(std::move(item));
  }
  nlohmann::ordered_json out;
  out["files"] = files;
  out["diagnostics"] = std::move(items);
  out["errors"] = diagnostics.error_count();
  out["warnings"] = diagnostics.warning_count();
  // Replace invalid UTF-8 (a binary file's bytes in a message) instead of throwing.
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace cli
