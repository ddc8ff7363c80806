// exec::CurlHttpClient against a tiny HTTP server on 127.0.0.1 run by the test itself: GET,
// POST bodies and headers arriving, status codes, response headers, timeouts, cancellation
// and refused connections.
#include "exec/curl_http_client.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;

/// What the server saw of one request.
struct Seen {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
};

/// One connection at a time on 127.0.0.1, answering by path:
///   /status/<code>  that status, body `status <code>`
///   /echo           200, body `<method> <body>`, headers X-Multi: a and X-Multi: b
///   /slow           waits up to 5 s (less when the server stops) before answering 200
class TinyServer {
 public:
  TinyServer() {
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
        ::listen(m_listener, 8) == 0 &&
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
      m_port = ntohs(address.sin_port);
    }
    m_thread = std::thread([this] { serve(); });
  }
  TinyServer(const TinyServer&) = delete;
  TinyServer& operator=(const TinyServer&) = delete;
  ~TinyServer() {
    m_stop = true;
    m_thread.join();
    ::close(m_listener);
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }
  int port() const { return m_port; }
  /// The last request the server read.
  Seen last() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_last;
  }

 private:
  void serve() {
    while (!m_stop) {
      pollfd ready{m_listener, POLLIN, 0};
      if (::poll(&ready, 1, 50) <= 0) {
        continue;
      }
      const int connection = ::accept(m_listener, nullptr, nullptr);
      if (connection >= 0) {
        answer(connection);
        ::close(connection);
      }
    }
  }

  /// Reads one request (headers, then Content-Length bytes); false when the peer went away.
  bool read_request(int connection, Seen& seen) {
    std::string data;
    char buffer[4096];
    std::size_t end = std::string::npos;
    std::size_t length = 0;
    while (true) {
      if (end == std::string::npos && (end = data.find("\r\n\r\n")) != std::string::npos) {
        parse_head(data.substr(0, end), seen);
        const auto it = seen.headers.find("content-length");
        length = it == seen.headers.end() ? 0 : std::stoul(it->second);
      }
      if (end != std::string::npos && data.size() >= end + 4 + length) {
        seen.body = data.substr(end + 4, length);
        return true;
      }
      const ssize_t got = ::recv(connection, buffer, sizeof buffer, 0);
      if (got <= 0) {
        return false;
      }
      data.append(buffer, static_cast<std::size_t>(got));
    }
  }

  static void parse_head(const std::string& head, Seen& seen) {
    std::size_t start = 0;
    bool first = true;
    while (start < head.size()) {
      std::size_t stop = head.find("\r\n", start);
      stop = stop == std::string::npos ? head.size() : stop;
      const std::string line = head.substr(start, stop - start);
      start = stop + 2;
      if (first) {
        const std::size_t space = line.find(' ');
        seen.method = line.substr(0, space);
        seen.target = line.substr(space + 1, line.find(' ', space + 1) - space - 1);
        first = false;
        continue;
      }
      std::string name = line.substr(0, line.find(':'));
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      const std::size_t value = line.find_first_not_of(' ', name.size() + 1);
      seen.headers[name] = value == std::string::npos ? "" : line.substr(value);
    }
  }

  void answer(int connection) {
    Seen seen;
    if (!read_request(connection, seen)) {
      return;
    }
    {
      const std::lock_guard<std::mutex> lock(m_mutex);
      m_last = seen;
    }
    int status = 200;
    std::string extra;
    std::string body;
    if (seen.target.rfind("/status/", 0) == 0) {
      status = std::stoi(seen.target.substr(8));
      body = "status " + std::to_string(status);
    } else if (seen.target == "/echo") {
      body = seen.method + " " + seen.body;
      extra = "X-Multi: a\r\nX-Multi: b\r\n";
    } else if (seen.target == "/slow") {
      for (int waited = 0; waited < 100 && !m_stop; ++waited) {
        std::this_thread::sleep_for(50ms);
      }
      body = "late";
    }
    const std::string response = "HTTP/1.1 " + std::to_string(status) + " Whatever\r\n" + extra +
                                 "Content-Length: " + std::to_string(body.size()) +
                                 "\r\nConnection: close\r\n\r\n" + body;
    (void)!::send(connection, response.data(), response.size(), MSG_NOSIGNAL);
  }

  int m_listener = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  mutable std::mutex m_mutex;
  Seen m_last;
  std::thread m_thread;
};

engine::HttpRequest request_to(const std::string& url, const std::string& method = "GET") {
  engine::HttpRequest request;
  request.url = url;
  request.method = method;
  return request;
}

}  // namespace

TEST_CASE("curl client: GET returns the status, body and headers") {
  TinyServer server;
  REQUIRE(server.port() != 0);
  exec::CurlHttpClient client;
  const std::atomic<bool> cancelled{false};
  const engine::HttpResponse response = client.send(request_to(server.url("/echo")), cancelled);
  REQUIRE_FALSE(response.error);
  CHECK(response.status_code == 200);
  CHECK(response.body == "GET ");
  CHECK(std::count(response.headers.begin(), response.headers.end(),
                   std::pair<std::string, std::string>{"X-Multi", "a"}) == 1);
  CHECK(std::count(response.headers.begin(), response.headers.end(),
                   std::pair<std::string, std::string>{"X-Multi", "b"}) == 1);
  CHECK(std::count(response.headers.begin(), response.headers.end(),
                   std::pair<std::string, std::string>{"Content-Length", "4"}) == 1);
  const Seen seen = server.last();
  CHECK(seen.method == "GET");
  CHECK(seen.target == "/echo");
  // Only what Go's client would send: no Accept, no Content-Type.
  CHECK(seen.headers.count("accept") == 0);
  CHECK(seen.headers.count("content-type") == 0);
}

TEST_CASE("curl client: a POST's body and headers arrive; Host overrides the host") {
  TinyServer server;
  exec::CurlHttpClient client;
  const std::atomic<bool> cancelled{false};
  engine::HttpRequest request = request_to(server.url("/echo"), "POST");
  request.body = R"({"a": 1})";
  request.headers = {{"Content-Type", "application/json"},
                     {"X-Token", "t1"},
                     {"Host", "example.test"},
                     {"X-Empty", ""}};
  const engine::HttpResponse response = client.send(request, cancelled);
  REQUIRE_FALSE(response.error);
  CHECK(response.body == R"(POST {"a": 1})");
  Seen seen = server.last();
  CHECK(seen.method == "POST");
  CHECK(seen.body == R"({"a": 1})");
  CHECK(seen.headers["content-type"] == "application/json");
  CHECK(seen.headers["x-token"] == "t1");
  CHECK(seen.headers["host"] == "example.test");
  CHECK(seen.headers.count("x-empty") == 1);
  CHECK(seen.headers["x-empty"].empty());
}

TEST_CASE("curl client: other methods, with and without a body") {
  TinyServer server;
  exec::CurlHttpClient client;
  const std::atomic<bool> cancelled{false};
  engine::HttpRequest put = request_to(server.url("/echo"), "PUT");
  put.body = "new";
  CHECK(client.send(put, cancelled).body == "PUT new");
  CHECK(server.last().body == "new");
  CHECK(client.send(request_to(server.url("/echo"), "DELETE"), cancelled).body == "DELETE ");
  engine::HttpRequest get_with_body = request_to(server.url("/echo"));
  get_with_body.body = "q";
  CHECK(client.send(get_with_body, cancelled).body == "GET q");
  const engine::HttpResponse head = client.send(request_to(server.url("/echo"), "HEAD"), cancelled);
  REQUIRE_FALSE(head.error);
  CHECK(server.last().method == "HEAD");
  CHECK(head.body.empty());
}

TEST_CASE("curl client: non-2xx status codes are responses, not errors") {
  TinyServer server;
  exec::CurlHttpClient client;
  const std::atomic<bool> cancelled{false};
  for (const int status : {201, 404, 500}) {
    const engine::HttpResponse response =
        client.send(request_to(server.url("/status/" + std::to_string(status))), cancelled);
    INFO(status);
    REQUIRE_FALSE(response.error);
    CHECK(response.status_code == status);
    CHECK(response.body == "status " + std::to_string(status));
  }
}

TEST_CASE("curl client: a timeout gives up with curl's error") {
  TinyServer server;
  exec::CurlHttpClient client;
  const std::atomic<bool> cancelled{false};
  engine::HttpRequest request = request_to(server.url("/slow"));
  request.timeout_seconds = 1;
  const auto start = std::chrono::steady_clock::now();
  const engine::HttpResponse response = client.send(request, cancelled);
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(response.error);
  CHECK_THAT(*response.error, Catch::Contains("timed out"));
  CHECK(took < 4s);
}

TEST_CASE("curl client: cancelling aborts a request in flight") {
  TinyServer server;
  exec::CurlHttpClient client;
  std::atomic<bool> cancelled{false};
  std::thread canceller([&cancelled] {
    std::this_thread::sleep_for(200ms);
    cancelled = true;
  });
  const auto start = std::chrono::steady_clock::now();
  const engine::HttpResponse response = client.send(request_to(server.url("/slow")), cancelled);
  const auto took = std::chrono::steady_clock::now() - start;
  canceller.join();
  REQUIRE(response.error);
  CHECK(*response.error == "request cancelled: the workflow was terminated");
  CHECK(took < 3s);
}

TEST_CASE("curl client: a refused connection and a non-http URL are transport errors") {
  int port = 0;
  {
    TinyServer closed;  // take a free port, then free it again
    port = closed.port();
  }
  exec::CurlHttpClient client;
  const std::atomic<bool> cancelled{false};
  const engine::HttpResponse refused =
      client.send(request_to("http://127.0.0.1:" + std::to_string(port) + "/"), cancelled);
  REQUIRE(refused.error);
  CHECK_THAT(*refused.error,
             Catch::Contains("Connection refused") || Catch::Contains("Couldn't connect"));
  const engine::HttpResponse file = client.send(request_to("file:///etc/hostname"), cancelled);
  REQUIRE(file.error);
  CHECK_THAT(*file.error, Catch::Contains("file"));
}
