#include "model/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace model {

std::string_view to_string(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

void Diagnostics::error(util::SourceLoc loc, std::string check, std::string message) {
  add({Severity::error, loc, std::move(check), std::move(message)});
}

void Diagnostics::warning(util::SourceLoc loc, std::string check, std::string message) {
  add({Severity::warning, loc, std::move(check), std::move(message)});
}

void Diagnostics::add(Diagnostic diagnostic) {
  m_items.push_back(std::move(diagnostic));
}

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(std::count_if(
      m_items.begin(), m_items.end(), [](const auto& d) { return d.severity == Severity::error; }));
}

size_t Diagnostics::warning_count() const {
  return m_items.size() - error_count();
}

void Diagnostics::promote(std::string_view check) {
  for (Diagnostic& d : m_items) {
    if (d.check == check) {
      d.severity = Severity::error;
    }
  }
}

void Diagnostics::sort_by_position() {
  std::stable_sort(m_items.begin(), m_items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    const std::string_view pa = a.loc.file ? std::string_view(a.loc.file->path()) : "";
    const std::string_view pb = b.loc.file ? std::string_view(b.loc.file->path()) : "";
    if (pa != pb) {
      return pa < pb;
    }
    if (a.loc.line != b.loc.line) {
      return a.loc.line < b.loc.line;
    }
    return a.loc.column < b.loc.column;
  });
}

std::string render(const Diagnostic& diagnostic, bool color) {
  const bool is_error = diagnostic.severity == Severity::error;
  const std::string_view bold = color ? "\x1b[1m" : "";
  const std::string_view sev_color = !color ? "" : is_error ? "\x1b[1;31m" : "\x1b[1;35m";
  const std::string_view caret_color = color ? "\x1b[1;32m" : "";
  const std::string_view reset = color ? "\x1b[0m" : "";

  std::string out =
      fmt::format("{}{}:{} {}{}:{} {}\n", bold, diagnostic.loc.to_string(), reset, sev_color,
                  to_string(diagnostic.severity), reset, diagnostic.message);
  if (!diagnostic.loc.valid()) {
    return out;
  }
  const std::string_view line = diagnostic.loc.file->line_text(diagnostic.loc.line);
  if (line.empty() && diagnostic.loc.column <= 1) {
    return out;
  }
  // Long lines (minified JSON, say) are cut around the column so the caret stays readable.
  constexpr size_t k_max_width = 160;
  size_t begin = 0;
  size_t column = diagnostic.loc.column > 0 ? diagnostic.loc.column - 1 : 0;
  if (column > k_max_width / 2 && line.size() > k_max_width) {
    begin = column - k_max_width / 2;
  }
  const std::string_view shown = line.substr(begin, k_max_width);
  column -= begin;
  std::string caret_pad;
  for (size_t i = 0; i < column && i < shown.size(); ++i) {
    caret_pad += shown[i] == '\t' ? '\t' : ' ';
  }
  const std::string number = std::to_string(diagnostic.loc.line);
  const std::string gutter(number.size(), ' ');
  out += fmt::format(" {} | {}\n", number, shown);
  out += fmt::format(" {} | {}{}^{}\n", gutter, caret_pad, caret_color, reset);
  return out;
}

}  // namespace model
