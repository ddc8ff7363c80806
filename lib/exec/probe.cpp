#include "exec/probe.hpp"

#include <cerrno>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace exec {
namespace {

using Clock = std::chrono::steady_clock;

/// Closes a socket when it goes out of scope.
class Socket {
 public:
  explicit Socket(int fd) : m_fd(fd) {}
  ~Socket() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return m_fd; }

 private:
  int m_fd;
};

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

/// Waits for `events` on `fd` until the deadline; false on timeout or error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd entry{fd, events, 0};
    int ready = ::poll(&entry, 1, remaining_ms(deadline));
    if (ready > 0) {
      return true;
    }
    if (ready == 0 || errno != EINTR) {
      return false;
    }
  }
}

/// A connected non-blocking socket, or -1.
int connect_to(const std::string& ip, int port, Clock::time_point deadline) {
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  const sockaddr* address = nullptr;
  socklen_t length = 0;
  int family = AF_INET;
  if (::inet_pton(AF_INET, ip.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(static_cast<std::uint16_t>(port));
    address = reinterpret_cast<const sockaddr*>(&v4);
    length = sizeof v4;
  } else if (::inet_pton(AF_INET6, ip.c_str(), &v6.sin6_addr) == 1) {
    family = AF_INET6;
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(static_cast<std::uint16_t>(port));
    address = reinterpret_cast<const sockaddr*>(&v6);
    length = sizeof v6;
  } else {
    return -1;
  }
  int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  if (::connect(fd, address, length) == 0) {
    return fd;
  }
  int error = 0;
  socklen_t size = sizeof error;
  if (errno != EINPROGRESS || !wait_for(fd, POLLOUT, deadline) ||
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0 || error != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

bool tcp_probe(const std::string& ip, int port, std::chrono::milliseconds timeout) {
  const Socket socket(connect_to(ip, port, Clock::now() + timeout));
  return socket.fd() >= 0;
}

bool http_probe(const std::string& ip, int port, const std::string& path,
                std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  const Socket socket(connect_to(ip, port, deadline));
  if (socket.fd() < 0) {
    return false;
  }
  const std::string request =
      fmt::format("GET {} HTTP/1.0\r\nHost: {}:{}\r\nUser-Agent: flowrun-probe\r\n\r\n",
                  path.empty() ? "/" : path, ip, port);
  std::size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(socket.fd(), POLLOUT, deadline)) {
      return false;
    }
    ssize_t wrote = ::send(socket.fd(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (wrote <= 0 && errno != EAGAIN && errno != EINTR) {
      return false;
    }
    sent += wrote > 0 ? static_cast<std::size_t>(wrote) : 0;
  }
  std::string reply;
  char buffer[512];
  while (reply.find("\r\n") == std::string::npos && reply.size() < 4096) {
    if (!wait_for(socket.fd(), POLLIN, deadline)) {
      return false;
    }
    ssize_t got = ::recv(socket.fd(), buffer, sizeof buffer, 0);
    if (got == 0) {
      break;
    }
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) {
        continue;
      }
      return false;
    }
    reply.append(buffer, static_cast<std::size_t>(got));
  }
  // "HTTP/1.x NNN reason"
  const std::size_t space = reply.find(' ');
  if (reply.compare(0, 5, "HTTP/") != 0 || space == std::string::npos || reply.size() < space + 4) {
    return false;
  }
  const int status = std::atoi(reply.substr(space + 1, 3).c_str());
  return status >= 200 && status < 400;
}

}  // namespace exec
