/// Following a growing file line by line (`tail -f`), to echo a running pod's output.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace exec {

/// Reads what another process appends to a file and hands it out as whole lines. Move-only
/// (it holds the file open).
class LineTail {
 public:
  /// Called once per line, without its newline.
  using Emit = std::function<void(std::string_view line)>;

  /// Lines longer than this are handed out in pieces, so binary output cannot grow memory.
  static constexpr std::size_t k_max_line = 64 * 1024;

  /// Follows `path`; the file may not exist yet.
  explicit LineTail(std::string path);
  LineTail(LineTail&& other) noexcept;
  LineTail& operator=(LineTail&& other) noexcept;
  LineTail(const LineTail&) = delete;
  LineTail& operator=(const LineTail&) = delete;
  ~LineTail();

  /// Emits every complete line appended since the last call.
  void pump(const Emit& emit);

  /// Like pump(), then emits an unterminated last line too: the writer has finished.
  void finish(const Emit& emit);

 private:
  void close_file();

  std::string m_path;
  int m_fd = -1;
  std::string m_partial;  ///< the start of a line whose newline has not come yet
};

}  // namespace exec
