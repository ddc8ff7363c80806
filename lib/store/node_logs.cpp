#include "store/node_logs.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace store {

NodeLogs::NodeLogs(std::string dir) : m_dir(std::move(dir)) {}

std::string NodeLogs::path(std::string_view node_id) const {
  std::string name(node_id);
  for (char& c : name) {
    if (c == '/' || c == '\0') {
      c = '_';
    }
  }
  return fmt::format("{}/{}.log", m_dir, name);
}

std::optional<util::Error> NodeLogs::append(std::string_view node_id, std::string_view line) {
  auto found = m_open.find(std::string(node_id));
  if (found == m_open.end()) {
    const std::string file_path = path(node_id);
    // "e": close-on-exec, so pods started later do not inherit the descriptor.
    File file(std::fopen(file_path.c_str(), "ae"));
    if (!file) {
      return util::make_error(util::ErrorCode::io,
                              fmt::format("cannot open {}: {}", file_path, std::strerror(errno)));
    }
    found = m_open.emplace(std::string(node_id), std::move(file)).first;
  }
  std::FILE* file = found->second.get();
  const bool written = std::fwrite(line.data(), 1, line.size(), file) == line.size() &&
                       std::fputc('\n', file) != EOF && std::fflush(file) == 0;
  if (!written) {
    const int saved = errno;
    m_open.erase(found);
    return util::make_error(util::ErrorCode::io, fmt::format("cannot write {}: {}", path(node_id),
                                                             std::strerror(saved)));
  }
  return std::nullopt;
}

void NodeLogs::close(std::string_view node_id) {
  m_open.erase(std::string(node_id));
}

}  // namespace store
