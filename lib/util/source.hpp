/// Source files and positions inside them: every value flowrun reads keeps one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace util {

/// One input file held in memory, so diagnostics can quote its lines.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return m_path; }
  const std::string& text() const { return m_text; }
  /// The text of 1-based line `line`, without its newline; empty when out of range.
  std::string_view line_text(uint32_t line) const;

 private:
  std::string m_path;
  std::string m_text;
  std::vector<uint32_t> m_line_starts;
};

/// A 1-based line and column in a SourceFile. A default SourceLoc points nowhere.
struct SourceLoc {
  const SourceFile* file = nullptr;
  uint32_t line = 0;
  uint32_t column = 0;

  bool valid() const { return file != nullptr && line > 0; }
  /// "path:line:col", or "path" / "<unknown>" when parts are missing.
  std::string to_string() const;
};

/// Owns the files of one invocation; SourceLoc pointers stay valid while it lives.
class SourceSet {
 public:
  const SourceFile& add(std::string path, std::string text);

 private:
  std::vector<std::unique_ptr<SourceFile>> m_files;
};

}  // namespace util
