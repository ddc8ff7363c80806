/// Diagnostics: what lint and the loader report, with positions, rendered GCC style.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/source.hpp"

namespace model {

enum class Severity { error, warning };

std::string_view to_string(Severity severity);

/// One problem in the user's input. `check` names the rule (e.g. "unknown-field"), for
/// machines (`lint -o json`) and for tests; `message` is for people.
struct Diagnostic {
  Severity severity = Severity::error;
  util::SourceLoc loc;
  std::string check;
  std::string message;
};

/// Collects diagnostics in the order they are found.
class Diagnostics {
 public:
  void error(util::SourceLoc loc, std::string check, std::string message);
  void warning(util::SourceLoc loc, std::string check, std::string message);
  void add(Diagnostic diagnostic);

  const std::vector<Diagnostic>& all() const { return m_items; }
  size_t error_count() const;
  size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }
  /// Turns the warnings of rule `check` into errors (`lint --strict` does this for the
  /// rules Argo's strict parsing rejects, such as "unknown-field").
  void promote(std::string_view check);
  /// Sorts by file, line and column, keeping the order of equal positions.
  void sort_by_position();

 private:
  std::vector<Diagnostic> m_items;
};

/// `file:line:col: error: message`, then the source line and a caret under the column.
/// With `color`, severity and caret are coloured with ANSI escapes.
std::string render(const Diagnostic& diagnostic, bool color);

}  // namespace model
