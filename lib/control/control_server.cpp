#include "control/control_server.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "store/run_directory.hpp"

#include "control/control_protocol.hpp"
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace control {
namespace {

using Clock = std::chrono::steady_clock;

/// How long writing a reply may take (replies are small: the socket buffer takes them).
constexpr std::chrono::seconds k_write_timeout{2};

/// Whether the peer on `fd` runs as this user (the runs directory is 0700 anyway; this
/// also holds when a user loosened it).
bool same_user(int fd) {
  ucred credentials{};
  socklen_t size = sizeof credentials;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) {
    return false;
  }
  return credentials.uid == ::geteuid();
}

void reply_now(int fd, const engine::ControlReply& reply) {
  send_all(fd, encode_reply(reply), Clock::now() + k_write_timeout);
}

}  // namespace

/// A connection waiting for its request line.
struct ControlServer::Connection {
  UniqueFd fd;
  std::string buffer;
  Clock::time_point deadline;
};

/// The way back to one client: answered once, then closed (also when never answered).
class ControlServer::Answer {
 public:
  explicit Answer(UniqueFd fd) : m_fd(std::move(fd)) {}
  void send(const engine::ControlReply& reply) {
    const std::lock_guard lock(m_mutex);
    if (m_fd.valid()) {
      reply_now(m_fd.get(), reply);
      m_fd.reset();
    }
  }

 private:
  std::mutex m_mutex;
  UniqueFd m_fd;
};

util::Result<std::unique_ptr<ControlServer>> ControlServer::start(const std::string& run_directory,
                                                                  std::string workflow_name,
                                                                  ServerOptions options) {
  util::Result<Listener> listener = listen_at(run_directory, store::k_control_socket_name);
  if (!listener) {
    return listener.error();
  }
  int pipe_ends[2] = {-1, -1};
  if (::pipe2(pipe_ends, O_CLOEXEC | O_NONBLOCK) != 0) {
    const int saved = errno;
    remove_socket_file(listener.value(), store::k_control_socket_name);
    return util::make_error(util::ErrorCode::io,
                            fmt::format("cannot make a pipe: {}", std::strerror(saved)));
  }
  std::string path = run_directory + "/" + std::string(store::k_control_socket_name);
  return std::unique_ptr<ControlServer>(
      new ControlServer(std::move(listener.value()), UniqueFd(pipe_ends[0]), UniqueFd(pipe_ends[1]),
                        std::move(path), std::move(workflow_name), options));
}

ControlServer::ControlServer(Listener listener, UniqueFd wake_read, UniqueFd wake_write,
                             std::string path, std::string workflow_name, ServerOptions options)
    : m_listener(std::move(listener)),
      m_wake_read(std::move(wake_read)),
      m_wake_write(std::move(wake_write)),
      m_socket_path(std::move(path)),
      m_workflow_name(std::move(workflow_name)),
      m_options(options) {
  m_thread = std::thread([this] { serve(); });
}

ControlServer::~ControlServer() {
  close();
}

std::optional<engine::PendingControl> ControlServer::poll() {
  const std::lock_guard lock(m_mutex);
  if (m_queue.empty()) {
    return std::nullopt;
  }
  Queued next = std::move(m_queue.front());
  m_queue.pop_front();
  engine::PendingControl pending;
  pending.request = std::move(next.request);
  pending.reply = [answer = std::move(next.answer)](const engine::ControlReply& reply) {
    answer->send(reply);
  };
  return pending;
}

void ControlServer::close() {
  if (m_thread.joinable()) {
    const char stop = 1;
    (void)!::write(m_wake_write.get(), &stop, 1);
    m_thread.join();
  }
  std::deque<Queued> left;
  {
    const std::lock_guard lock(m_mutex);
    if (m_closed) {
      return;
    }
    m_closed = true;
    left.swap(m_queue);
  }
  m_listener.socket.reset();
  remove_socket_file(m_listener, store::k_control_socket_name);
  m_listener.directory.reset();
  for (Queued& each : left) {
    each.answer->send(ended_reply());
  }
}

engine::ControlReply ControlServer::ended_reply() const {
  return engine::ControlReply{false, fmt::format("workflow {} has ended", m_workflow_name)};
}

void ControlServer::serve() {
  std::deque<Connection> reading;
  std::vector<pollfd> watched;
  while (true) {
    watched.clear();
    watched.push_back({m_wake_read.get(), POLLIN, 0});
    watched.push_back({m_listener.socket.get(), POLLIN, 0});
    Clock::time_point next_deadline = Clock::time_point::max();
    for (const Connection& each : reading) {
      watched.push_back({each.fd.get(), POLLIN, 0});
      next_deadline = std::min(next_deadline, each.deadline);
    }
    int timeout = -1;
    if (next_deadline != Clock::time_point::max()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(next_deadline - Clock::now());
      timeout = static_cast<int>(std::max<std::int64_t>(0, left.count() + 1));
    }
    const int ready = ::poll(watched.data(), watched.size(), timeout);
    if (ready < 0 && errno != EINTR) {
      break;  // cannot happen with valid descriptors; close() still cleans up
    }
    if ((watched[0].revents & POLLIN) != 0) {
      break;
    }
    // Connections first: `watched` indexes them in their current order.
    std::deque<Connection> still;
    const Clock::time_point now = Clock::now();
    for (std::size_t i = 0; i < reading.size(); ++i) {
      Connection& each = reading[i];
      const bool readable = (watched[i + 2].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
      if (readable && read_from(each)) {
        continue;
      }
      if (now >= each.deadline) {
        reply_now(each.fd.get(),
                  {false, fmt::format("no request within {} ms", m_options.read_timeout.count())});
        continue;
      }
      still.push_back(std::move(each));
    }
    reading.swap(still);
    if ((watched[1].revents & POLLIN) != 0) {
      accept_all(reading);
    }
  }
  for (Connection& each : reading) {
    reply_now(each.fd.get(), ended_reply());
  }
}

void ControlServer::accept_all(std::deque<Connection>& reading) {
  while (true) {
    UniqueFd fd(::accept4(m_listener.socket.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!fd.valid()) {
      return;  // EAGAIN: none left (or a transient error: the next poll retries)
    }
    if (!same_user(fd.get())) {
      reply_now(fd.get(), {false, "permission denied: the run belongs to another user"});
      continue;
    }
    if (reading.size() >= m_options.max_connections) {
      reply_now(fd.get(), {false, "too many control connections at once; try again"});
      continue;
    }
    reading.push_back(Connection{std::move(fd), {}, Clock::now() + m_options.read_timeout});
  }
}

bool ControlServer::read_from(Connection& connection) {
  char chunk[4096];
  while (true) {
    const ssize_t got = ::recv(connection.fd.get(), chunk, sizeof chunk, 0);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return false;  // wait for more
    }
    if (got <= 0) {
      // The client finished writing (or failed) without a newline: what came is the line.
      if (got == 0 && !connection.buffer.empty()) {
        take_line(connection, connection.buffer);
      }
      return true;
    }
    connection.buffer.append(chunk, static_cast<std::size_t>(got));
    const std::size_t end = connection.buffer.find('\n');
    if (end != std::string::npos) {
      take_line(connection, std::string_view(connection.buffer).substr(0, end));
      return true;
    }
    if (connection.buffer.size() > k_max_line) {
      reply_now(connection.fd.get(),
                {false, fmt::format("invalid control request: longer than {} bytes", k_max_line)});
      return true;
    }
  }
}

void ControlServer::take_line(Connection& connection, std::string_view line) {
  util::Result<engine::ControlRequest> request = decode_request(line);
  if (!request) {
    reply_now(connection.fd.get(),
              {false, fmt::format("invalid control request: {}", request.error().message)});
    return;
  }
  auto answer = std::make_shared<Answer>(std::move(connection.fd));
  const std::lock_guard lock(m_mutex);
  if (m_closed) {
    answer->send(ended_reply());
    return;
  }
  m_queue.push_back(Queued{std::move(request.value()), std::move(answer)});
}

}  // namespace control
