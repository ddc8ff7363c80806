/// The engine's view of an HTTP client, for http templates (spec 1.6): the engine builds the
/// request and judges the response; the CLI supplies the client (exec::CurlHttpClient) and
/// tests a fake, so the engine itself does no network I/O.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace engine {

/// One request, fully substituted.
struct HttpRequest {
  std::string method = "GET";  ///< never empty: Go treats an empty method as GET
  std::string url;
  /// Name/value pairs in template order; a name may repeat (Go's Header.Add). A `Host`
  /// header sets the request's host, as Go's request.Host does.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// Gives up after this many seconds; none: no limit (Argo's code sets none by default).
  std::optional<long long> timeout_seconds;
  bool insecure_skip_verify = false;  ///< no TLS certificate or host name check
};

/// What came back.
struct HttpResponse {
  /// Set when no response was received (connection refused, timeout, TLS failure,
  /// cancelled): the transport's error text. The other fields are then meaningless.
  std::optional<std::string> error;
  int status_code = 0;
  std::string body;
  /// Response headers in arrival order, names as the server sent them.
  std::vector<std::pair<std::string, std::string>> headers;
  /// A stand-in for a response that was never asked for (the dry run): the node succeeds
  /// with the body as its result whatever the status and successCondition, as a dry run's
  /// pods all exit 0.
  bool stub = false;
};

/// Sends requests. Called from worker threads (Run::start_async), several at once:
/// implementations must be thread-safe.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  /// Sends `request` and waits for the whole response. Gives up, with an error, soon after
  /// `cancelled` becomes true (the run was terminated).
  virtual HttpResponse send(const HttpRequest& request, const std::atomic<bool>& cancelled) = 0;
};

}  // namespace engine
