// The control channel over a real unix socket in a scratch state directory: a ControlServer
// in a run directory (also one deeper than sockaddr_un can name), send_control as
// `flowrun resume` uses it, and a stand-in engine thread that polls the server.
#include "control/control_server.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "store/run_directory.hpp"
#include "store/state_dir.hpp"

#include "control/control_client.hpp"
#include "control/control_protocol.hpp"
#include "control/unix_socket.hpp"
#include "unit/store/store_test_support.hpp"
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

namespace {

using Action = engine::ControlRequest::Action;
using Kind = control::ControlOutcome::Kind;
using namespace std::chrono_literals;

/// A state directory with one run directory `<state>/runs/<name>` and its status.json.
struct RunFixture {
  explicit RunFixture(const std::string& run_name = "wf", const std::string& below = {})
      : name(run_name) {
    state = scratch.path() + below;
    run_dir = store::run_path(state, name);
    std::filesystem::create_directories(run_dir);
    set_phase("Running");
  }
  void set_phase(const std::string& phase) const {
    store_test::write_text(run_dir + "/status.json",
                           R"({"metadata":{"name":")" + name +
                               R"(","namespace":"argo"},"status":{"phase":")" + phase + "\"}}");
  }
  std::unique_ptr<control::ControlServer> start(control::ServerOptions options = {}) const {
    auto server = control::ControlServer::start(run_dir, name, options);
    REQUIRE(server.ok());
    return std::move(server.value());
  }
  control::ControlOutcome send(const engine::ControlRequest& request,
                               control::ClientOptions options = quick()) const {
    return control::send_control(state, name, request, options);
  }
  static control::ClientOptions quick() {
    control::ClientOptions options;
    options.reply_timeout = 5s;
    options.startup_grace = 200ms;
    return options;
  }

  store_test::ScratchDir scratch;
  std::string name;
  std::string state;
  std::string run_dir;
};

/// Stands in for the engine: polls the server on its own thread and answers each request.
class PollingEngine {
 public:
  using Answer = std::function<std::optional<engine::ControlReply>(const engine::ControlRequest&)>;
  PollingEngine(control::ControlServer& server, Answer answer)
      : m_thread([this, &server, answer = std::move(answer)] {
          while (!m_stop) {
            while (std::optional<engine::PendingControl> pending = server.poll()) {
              {
                const std::lock_guard lock(m_mutex);
                m_seen.push_back(pending->request);
              }
              if (std::optional<engine::ControlReply> reply = answer(pending->request)) {
                pending->reply(*reply);
              }
            }
            std::this_thread::sleep_for(10ms);
          }
        }) {}
  ~PollingEngine() {
    m_stop = true;
    m_thread.join();
  }
  std::vector<engine::ControlRequest> seen() {
    const std::lock_guard lock(m_mutex);
    return m_seen;
  }

 private:
  std::atomic<bool> m_stop{false};
  std::mutex m_mutex;
  std::vector<engine::ControlRequest> m_seen;
  std::thread m_thread;
};

engine::ControlReply resumed(const engine::ControlRequest& /*request*/) {
  return {true, "workflow wf resumed"};
}

engine::ControlRequest make(Action action, std::string selector = {}) {
  engine::ControlRequest request;
  request.action = action;
  request.node_selector = std::move(selector);
  return request;
}

/// A raw connection to the run's socket; REQUIREs that it connects.
control::UniqueFd raw_connect(const RunFixture& run) {
  control::Connected connected = control::connect_at(run.run_dir, store::k_control_socket_name);
  REQUIRE(connected.socket.valid());
  return std::move(connected.socket);
}

/// Everything the server sends until it closes (at most `wait`).
std::string read_all(int fd, std::chrono::milliseconds wait = 5000ms) {
  std::string text;
  char chunk[512];
  const auto until = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < until) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, 50) <= 0) {
      continue;
    }
    const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) {
      break;
    }
    text.append(chunk, static_cast<std::size_t>(got));
  }
  return text;
}

void send_text(int fd, std::string_view text) {
  REQUIRE(control::send_all(fd, text, std::chrono::steady_clock::now() + 1s));
}

}  // namespace

TEST_CASE("control channel: a request reaches the run and its answer comes back", "[control]") {
  RunFixture run;
  auto server = run.start();
  CHECK(server->socket_path() == run.run_dir + "/control.sock");
  CHECK(std::filesystem::is_socket(server->socket_path()));
  PollingEngine engine(*server, resumed);
  engine::ControlRequest request = make(Action::resume, "displayName=approve");
  request.outputs = {{"approve", "YES"}, {"note", "two words"}};
  const control::ControlOutcome outcome = run.send(request);
  CHECK(outcome.kind == Kind::answered);
  CHECK(outcome.reply.ok);
  CHECK(outcome.reply.message == "workflow wf resumed");
  const std::vector<engine::ControlRequest> seen = engine.seen();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].action == Action::resume);
  CHECK(seen[0].node_selector == "displayName=approve");
  CHECK(seen[0].outputs == request.outputs);
  server.reset();
  CHECK_FALSE(std::filesystem::exists(run.run_dir + "/control.sock"));
}

TEST_CASE("control channel: the engine's error replies reach the client", "[control]") {
  RunFixture run;
  auto server = run.start();
  PollingEngine engine(*server, [](const engine::ControlRequest&) {
    return engine::ControlReply{false, "raw output parameter 'x' has not been set"};
  });
  const control::ControlOutcome outcome = run.send(make(Action::resume));
  CHECK(outcome.kind == Kind::answered);
  CHECK_FALSE(outcome.reply.ok);
  CHECK(outcome.reply.message == "raw output parameter 'x' has not been set");
}

TEST_CASE("control channel: a run directory deeper than a socket path can name", "[control]") {
  const std::string deep = "/" + std::string(60, 'a') + "/" + std::string(60, 'b') + "/state";
  RunFixture run("deep-wf", deep);
  REQUIRE((run.run_dir + "/control.sock").size() > sizeof(sockaddr_un{}.sun_path));
  auto server = run.start();
  CHECK(std::filesystem::is_socket(run.run_dir + "/control.sock"));
  PollingEngine engine(*server, resumed);
  const control::ControlOutcome outcome = run.send(make(Action::suspend));
  CHECK(outcome.kind == Kind::answered);
  CHECK(outcome.reply.message == "workflow wf resumed");
  server->close();
  CHECK_FALSE(std::filesystem::exists(run.run_dir + "/control.sock"));
}

TEST_CASE("control channel: closing the server answers a waiting client at once", "[control]") {
  RunFixture run;
  auto server = run.start();
  // Nobody polls: the request waits in the queue until the run ends.
  auto waiting = std::async(std::launch::async, [&run] { return run.send(make(Action::stop)); });
  std::this_thread::sleep_for(300ms);
  const auto closing = std::chrono::steady_clock::now();
  server.reset();
  REQUIRE(waiting.wait_for(3s) == std::future_status::ready);
  CHECK(std::chrono::steady_clock::now() - closing < 2s);
  const control::ControlOutcome outcome = waiting.get();
  CHECK(outcome.kind == Kind::answered);
  CHECK_FALSE(outcome.reply.ok);
  CHECK(outcome.reply.message == "workflow wf has ended");
  CHECK(server == nullptr);
}

TEST_CASE("control channel: a silent client neither blocks others nor the shutdown", "[control]") {
  RunFixture run;
  auto server = run.start();
  control::UniqueFd silent = raw_connect(run);
  {
    PollingEngine engine(*server, resumed);
    const auto started = std::chrono::steady_clock::now();
    const control::ControlOutcome outcome = run.send(make(Action::resume));
    CHECK(outcome.reply.message == "workflow wf resumed");
    CHECK(std::chrono::steady_clock::now() - started < 2s);
  }
  const auto closing = std::chrono::steady_clock::now();
  server.reset();  // joins the thread: must not wait for the silent client
  CHECK(std::chrono::steady_clock::now() - closing < 1s);
  CHECK(read_all(silent.get()) == "{\"message\":\"workflow wf has ended\",\"ok\":false}\n");
}

TEST_CASE("control channel: a client that sends nothing is timed out", "[control]") {
  RunFixture run;
  control::ServerOptions options;
  options.read_timeout = 200ms;
  auto server = run.start(options);
  control::UniqueFd silent = raw_connect(run);
  CHECK(read_all(silent.get()) == "{\"message\":\"no request within 200 ms\",\"ok\":false}\n");
}

TEST_CASE("control channel: garbage gets an error reply and the server goes on", "[control]") {
  RunFixture run;
  auto server = run.start();
  PollingEngine engine(*server, resumed);
  {
    control::UniqueFd client = raw_connect(run);
    send_text(client.get(), "please resume\n");
    CHECK(read_all(client.get()) ==
          "{\"message\":\"invalid control request: request is not valid JSON\",\"ok\":false}\n");
  }
  {
    control::UniqueFd client = raw_connect(run);
    // Not checked: the server may hang up before the last bytes are written.
    control::send_all(client.get(), std::string(control::k_max_line + 10, 'x'),
                      std::chrono::steady_clock::now() + 2s);
    CHECK(read_all(client.get()) ==
          "{\"message\":\"invalid control request: longer than 1048576 bytes\",\"ok\":false}\n");
  }
  {
    // No newline, but the client says it is done writing: that is the request.
    control::UniqueFd client = raw_connect(run);
    send_text(client.get(), R"({"action":"terminate"})");
    ::shutdown(client.get(), SHUT_WR);
    CHECK(read_all(client.get()) == "{\"message\":\"workflow wf resumed\",\"ok\":true}\n");
  }
  {
    control::UniqueFd client = raw_connect(run);  // connects and leaves at once
  }
  CHECK(run.send(make(Action::resume)).reply.message == "workflow wf resumed");
  const std::vector<engine::ControlRequest> seen = engine.seen();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].action == Action::terminate);
}

TEST_CASE("control channel: a request the engine drops or never takes", "[control]") {
  RunFixture run;
  auto server = run.start();
  SECTION("dropped without an answer: the connection closes") {
    PollingEngine engine(*server, [](const engine::ControlRequest&) { return std::nullopt; });
    const control::ControlOutcome outcome = run.send(make(Action::resume));
    CHECK(outcome.kind == Kind::unreachable);
    CHECK(outcome.reply.message ==
          "workflow wf closed the connection without answering (did its flowrun process just "
          "end?)");
  }
  SECTION("never taken: the client gives up after its timeout") {
    control::ClientOptions options = RunFixture::quick();
    options.reply_timeout = 300ms;
    const control::ControlOutcome outcome = run.send(make(Action::resume), options);
    CHECK(outcome.kind == Kind::unreachable);
    CHECK(outcome.reply.message ==
          "workflow wf did not answer within 0.3 s (its flowrun process may be stuck)");
  }
}

TEST_CASE("control client: no such run", "[control]") {
  RunFixture run;
  for (const char* name : {"other", "", "../runs/wf", ".", ".."}) {
    CAPTURE(name);
    const control::ControlOutcome outcome =
        control::send_control(run.state, name, make(Action::resume), RunFixture::quick());
    CHECK(outcome.kind == Kind::not_found);
    CHECK(outcome.reply.message == fmt::format("workflow {} not found", name));
  }
}

TEST_CASE("control client: a run that has ended answers with Argo's words", "[control]") {
  RunFixture run;
  run.set_phase("Succeeded");
  const auto ended = [&run](engine::ControlRequest request) {
    const control::ControlOutcome outcome = run.send(request);
    CHECK(outcome.kind == Kind::ended);
    CHECK_FALSE(outcome.reply.ok);
    return outcome.reply.message;
  };
  CHECK(ended(make(Action::stop)) ==
        "cannot shutdown a completed workflow: workflow: \"wf\", namespace: \"argo\"");
  CHECK(ended(make(Action::terminate)) ==
        "cannot shutdown a completed workflow: workflow: \"wf\", namespace: \"argo\"");
  CHECK(ended(make(Action::suspend)) == "cannot suspend completed workflows");
  CHECK(ended(make(Action::resume)) == "cannot resume workflow wf: it has completed (Succeeded)");
  CHECK(ended(make(Action::set_node, "displayName=approve")) ==
        "currently, set only targets suspend nodes: no suspend nodes matching "
        "nodeFieldSelector: displayName=approve");
  CHECK(ended(make(Action::stop, "displayName=approve")) ==
        "currently, set only targets suspend nodes: no suspend nodes matching "
        "nodeFieldSelector: displayName=approve");
  run.set_phase("Failed");
  CHECK(ended(make(Action::resume)) == "cannot resume workflow wf: it has completed (Failed)");
  // Without a namespace in status.json: Argo's default one.
  CHECK(control::ended_message(make(Action::stop), "x", "default", "Error") ==
        "cannot shutdown a completed workflow: workflow: \"x\", namespace: \"default\"");
}

TEST_CASE("control client: a Running run whose process is gone", "[control]") {
  RunFixture run;
  const std::string unreachable =
      "workflow wf is not running any more: its status.json still says Running, but no "
      "flowrun process answers on " +
      run.run_dir +
      "/control.sock (was it killed?); `flowrun gc` removes the containers, networks and "
      "volumes it left";
  SECTION("a socket file nobody listens on (kill -9)") {
    {
      auto listener = control::listen_at(run.run_dir, store::k_control_socket_name);
      REQUIRE(listener.ok());
    }  // closed without removing the file, as a killed process leaves it
    REQUIRE(std::filesystem::is_socket(run.run_dir + "/control.sock"));
    const control::ControlOutcome outcome = run.send(make(Action::resume));
    CHECK(outcome.kind == Kind::unreachable);
    CHECK(outcome.reply.message == unreachable);
  }
  SECTION("no socket at all, after the grace for a starting run") {
    const auto started = std::chrono::steady_clock::now();
    const control::ControlOutcome outcome = run.send(make(Action::resume));
    CHECK(outcome.kind == Kind::unreachable);
    CHECK(outcome.reply.message == unreachable);
    CHECK(std::chrono::steady_clock::now() - started >= 200ms);
  }
  SECTION("status.json unreadable: still unreachable, not ended") {
    store_test::write_text(run.run_dir + "/status.json", "{ half");
    CHECK(run.send(make(Action::stop)).kind == Kind::unreachable);
  }
}

TEST_CASE("control client: a run that opens its socket during the grace is reached", "[control]") {
  RunFixture run;
  std::unique_ptr<control::ControlServer> server;
  std::unique_ptr<PollingEngine> engine;
  auto later = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(100ms);
    server = run.start();
    engine = std::make_unique<PollingEngine>(*server, resumed);
  });
  control::ClientOptions options = RunFixture::quick();
  options.startup_grace = 3s;
  const control::ControlOutcome outcome = run.send(make(Action::resume), options);
  later.get();
  CHECK(outcome.kind == Kind::answered);
  CHECK(outcome.reply.message == "workflow wf resumed");
  engine.reset();
}
