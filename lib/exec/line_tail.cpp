#include "exec/line_tail.hpp"

#include <array>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace exec {

LineTail::LineTail(std::string path) : m_path(std::move(path)) {}

LineTail::LineTail(LineTail&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_fd(std::exchange(other.m_fd, -1)),
      m_partial(std::move(other.m_partial)) {}

LineTail& LineTail::operator=(LineTail&& other) noexcept {
  if (this != &other) {
    close_file();
    m_path = std::move(other.m_path);
    m_fd = std::exchange(other.m_fd, -1);
    m_partial = std::move(other.m_partial);
  }
  return *this;
}

LineTail::~LineTail() {
  close_file();
}

void LineTail::close_file() {
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
}

void LineTail::pump(const Emit& emit) {
  if (m_fd < 0) {
    m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) {
      return;  // not created yet
    }
  }
  std::array<char, 16 * 1024> buffer{};
  while (true) {
    ssize_t got = ::read(m_fd, buffer.data(), buffer.size());
    if (got <= 0) {
      return;  // end of what was written so far (or an error: try again later)
    }
    std::string_view chunk(buffer.data(), static_cast<size_t>(got));
    while (!chunk.empty()) {
      size_t newline = chunk.find('\n');
      if (newline == std::string_view::npos) {
        m_partial.append(chunk);
        break;
      }
      if (m_partial.empty()) {
        emit(chunk.substr(0, newline));
      } else {
        m_partial.append(chunk.substr(0, newline));
        emit(m_partial);
        m_partial.clear();
      }
      chunk.remove_prefix(newline + 1);
    }
    while (m_partial.size() >= k_max_line) {
      emit(std::string_view(m_partial).substr(0, k_max_line));
      m_partial.erase(0, k_max_line);
    }
  }
}

void LineTail::finish(const Emit& emit) {
  pump(emit);
  if (!m_partial.empty()) {
    emit(m_partial);
    m_partial.clear();
  }
  close_file();
}

}  // namespace exec
