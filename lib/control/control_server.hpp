/// The running side of the control channel: `flowrun resume NAME` and its siblings reach a
/// run through the unix socket `control.sock` in its run directory.
///
/// A background thread accepts connections and reads one request line from each (every
/// connection waits in one poll loop with its own deadline, so a client that connects and
/// never sends blocks nobody). A well-formed request is queued; the engine takes it with
/// poll() on its own thread and answers it, which writes the reply line back and closes the
/// connection. A malformed one is answered at once with an error. When the server closes,
/// requests still queued are answered `workflow NAME has ended` and the socket is removed.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "engine/control.hpp"
#include "util/result.hpp"

#include "control/unix_socket.hpp"

namespace control {

/// Tunables of a ControlServer (tests shorten them).
struct ServerOptions {
  /// How long a client may take to send its request line after connecting.
  std::chrono::milliseconds read_timeout{10000};
  /// Connections waiting for their request line at once; more are refused with an error.
  std::size_t max_connections = 64;
};

/// A run's control socket; see above. Thread-safe: poll() may run on the engine's thread
/// while the server's thread accepts.
class ControlServer final : public engine::ControlInbox {
 public:
  /// Listens on `<run_directory>/control.sock` (any path length) and starts the thread.
  /// `workflow_name` is used in messages. Errors (io) when the socket cannot be made.
  static util::Result<std::unique_ptr<ControlServer>> start(const std::string& run_directory,
                                                            std::string workflow_name,
                                                            ServerOptions options = {});
  /// close().
  ~ControlServer() override;
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  /// The next queued request, without blocking.
  std::optional<engine::PendingControl> poll() override;

  /// Stops accepting (the thread ends), removes the socket and answers every request not
  /// handed to the engine yet with `workflow NAME has ended`. Idempotent.
  void close();

  /// `<run_directory>/control.sock`.
  const std::string& socket_path() const { return m_socket_path; }

 private:
  struct Connection;
  class Answer;
  struct Queued {
    engine::ControlRequest request;
    std::shared_ptr<Answer> answer;
  };

  ControlServer(Listener listener, UniqueFd wake_read, UniqueFd wake_write, std::string path,
                std::string workflow_name, ServerOptions options);

  void serve();
  void accept_all(std::deque<Connection>& reading);
  /// Reads what `connection` sent; true when it is done with (answered or queued).
  bool read_from(Connection& connection);
  void take_line(Connection& connection, std::string_view line);
  engine::ControlReply ended_reply() const;

  Listener m_listener;
  UniqueFd m_wake_read;   ///< the thread polls it: readable means stop
  UniqueFd m_wake_write;  ///< close() writes a byte here
  const std::string m_socket_path;
  const std::string m_workflow_name;
  const ServerOptions m_options;
  std::mutex m_mutex;
  std::deque<Queued> m_queue;  ///< guarded by m_mutex
  bool m_closed = false;       ///< guarded by m_mutex
  std::thread m_thread;
};

}  // namespace control
