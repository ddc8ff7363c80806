#include "control/unix_socket.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace control {
namespace {

/// The address of `<directory>/<name>`: the path itself when it fits in sun_path, else
/// the short `/proc/self/fd/<directory_fd>/<name>` (needs `directory_fd` open).
bool make_address(const std::string& directory, int directory_fd, std::string_view name,
                  sockaddr_un& address) {
  address = sockaddr_un{};
  address.sun_family = AF_UNIX;
  std::string path = directory + "/" + std::string(name);
  if (path.size() >= sizeof address.sun_path) {
    if (directory_fd < 0) {
      return false;
    }
    path = fmt::format("/proc/self/fd/{}/{}", directory_fd, name);
    if (path.size() >= sizeof address.sun_path) {
      return false;  // only a very long `name` gets here
    }
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return true;
}

UniqueFd open_directory(const std::string& directory) {
  return UniqueFd(::open(directory.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
}

util::Error io_error(std::string what, int saved_errno) {
  return util::make_error(util::ErrorCode::io,
                          fmt::format("{}: {}", std::move(what), std::strerror(saved_errno)));
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    reset();
    m_fd = other.release();
  }
  return *this;
}

int UniqueFd::release() {
  const int fd = m_fd;
  m_fd = -1;
  return fd;
}

void UniqueFd::reset() {
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
}

util::Result<Listener> listen_at(const std::string& directory, std::string_view name) {
  const std::string path = directory + "/" + std::string(name);
  Listener listener;
  listener.directory = open_directory(directory);
  if (!listener.directory.valid()) {
    return io_error(fmt::format("cannot open {}", directory), errno);
  }
  sockaddr_un address{};
  if (!make_address(directory, listener.directory.get(), name, address)) {
    return util::make_error(util::ErrorCode::io, fmt::format("{}: path too long", path));
  }
  listener.socket = UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!listener.socket.valid()) {
    return io_error("cannot create a unix socket", errno);
  }
  // A leftover of an earlier process in this directory would make bind fail.
  ::unlinkat(listener.directory.get(), std::string(name).c_str(), 0);
  if (::bind(listener.socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) !=
      0) {
    return io_error(fmt::format("cannot bind {}", path), errno);
  }
  struct stat made {};
  if (::fstatat(listener.directory.get(), std::string(name).c_str(), &made, AT_SYMLINK_NOFOLLOW) ==
      0) {
    listener.device = made.st_dev;
    listener.inode = made.st_ino;
  }
  if (::listen(listener.socket.get(), SOMAXCONN) != 0) {
    const int saved = errno;
    remove_socket_file(listener, name);
    return io_error(fmt::format("cannot listen on {}", path), saved);
  }
  return listener;
}

void remove_socket_file(const Listener& listener, std::string_view name) {
  if (!listener.directory.valid()) {
    return;
  }
  const std::string file(name);
  struct stat now {};
  if (::fstatat(listener.directory.get(), file.c_str(), &now, AT_SYMLINK_NOFOLLOW) == 0 &&
      now.st_dev == listener.device && now.st_ino == listener.inode) {
    ::unlinkat(listener.directory.get(), file.c_str(), 0);
  }
}

Connected connect_at(const std::string& directory, std::string_view name) {
  Connected result;
  UniqueFd directory_fd;
  sockaddr_un address{};
  if (!make_address(directory, -1, name, address)) {
    directory_fd = open_directory(directory);
    if (!directory_fd.valid()) {
      result.error = errno;
      return result;
    }
    if (!make_address(directory, directory_fd.get(), name, address)) {
      result.error = ENAMETOOLONG;
      return result;
    }
  }
  UniqueFd socket(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!socket.valid()) {
    result.error = errno;
    return result;
  }
  int status = 0;
  do {
    status = ::connect(socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
  } while (status != 0 && errno == EINTR);
  if (status != 0) {
    result.error = errno;
    return result;
  }
  result.socket = std::move(socket);
  return result;
}

bool send_all(int fd, std::string_view data, std::chrono::steady_clock::time_point deadline) {
  while (!data.empty()) {
    const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) {
      continue;
    }
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        return false;
      }
      pollfd wait{fd, POLLOUT, 0};
      ::poll(&wait, 1, static_cast<int>(left.count()));
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace control
