#include "util/source.hpp"

#include <fmt/format.h>

namespace util {

SourceFile::SourceFile(std::string path, std::string text)
    : m_path(std::move(path)), m_text(std::move(text)) {
  m_line_starts.push_back(0);
  for (size_t i = 0; i < m_text.size(); ++i) {
    if (m_text[i] == '\n') {
      m_line_starts.push_back(static_cast<uint32_t>(i + 1));
    }
  }
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > m_line_starts.size()) {
    return {};
  }
  const size_t begin = m_line_starts[line - 1];
  size_t end = line < m_line_starts.size() ? m_line_starts[line] - 1 : m_text.size();
  if (end > begin && m_text[end - 1] == '\r') {
    --end;
  }
  return std::string_view(m_text).substr(begin, end - begin);
}

std::string SourceLoc::to_string() const {
  if (file == nullptr) {
    return "<unknown>";
  }
  if (line == 0) {
    return file->path();
  }
  return fmt::format("{}:{}:{}", file->path(), line, column);
}

const SourceFile& SourceSet::add(std::string path, std::string text) {
  m_files.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return *m_files.back();
}

}  // namespace util
