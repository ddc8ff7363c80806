/// Unix stream sockets for the control channel, with paths of any length.
///
/// sockaddr_un holds at most 107 bytes of path, and run directories under a deep
/// $FLOWRUN_STATE_DIR exceed that. A longer path is reached through the directory's file
/// descriptor instead: `/proc/self/fd/<dirfd>/<name>` is short, and the kernel resolves it
/// to the same directory when it binds or connects.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/result.hpp"

#include <sys/types.h>

namespace control {

/// An owned file descriptor, closed on destruction (-1: none).
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : m_fd(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : m_fd(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return m_fd; }
  bool valid() const { return m_fd >= 0; }
  /// Gives up ownership: the caller closes the descriptor.
  int release();
  /// Closes the descriptor (if any).
  void reset();

 private:
  int m_fd = -1;
};

/// A listening socket at `<directory>/<name>` and the directory it lives in.
struct Listener {
  UniqueFd socket;     ///< non-blocking, close-on-exec
  UniqueFd directory;  ///< O_PATH descriptor of the directory (to remove the socket later)
  dev_t device = 0;    ///< the socket file's identity, to remove only our own file
  ino_t inode = 0;
};

/// Binds and listens at `<directory>/<name>` (a stale file of that name is replaced).
/// Errors (io) say which path failed and why.
util::Result<Listener> listen_at(const std::string& directory, std::string_view name);

/// Removes the socket file of `listener` if it is still the one listen_at made.
void remove_socket_file(const Listener& listener, std::string_view name);

/// The outcome of connect_at: a connected socket, or the errno that prevented it.
struct Connected {
  UniqueFd socket;  ///< blocking, close-on-exec; invalid on failure
  int error = 0;    ///< errno of the failure (ENOENT: no socket; ECONNREFUSED: no listener)
};

/// Connects to `<directory>/<name>`.
Connected connect_at(const std::string& directory, std::string_view name);

/// Writes all of `data` before `deadline` (send with MSG_NOSIGNAL: a peer that went away
/// is an error, not a SIGPIPE). False on failure or timeout.
bool send_all(int fd, std::string_view data, std::chrono::steady_clock::time_point deadline);

}  // namespace control
