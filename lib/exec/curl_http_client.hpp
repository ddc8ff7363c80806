/// http templates' requests, sent in-process with libcurl (Argo sends them from its agent pod
/// with Go's net/http; this follows that client's behaviour where it shows):
/// - the method as given (GET when empty is decided by the engine); a body is sent with any
///   method but HEAD, without curl's own `Content-Type`, `Accept` or `Expect` headers;
/// - redirects are followed (up to 10), as Go's default client does;
/// - no timeout unless the request has one (Argo's code sets none by default);
/// - only http:// and https:// URLs;
/// - a `Host` header replaces the Host curl would send; `insecureSkipVerify` turns off the
///   certificate and host name checks;
/// - response headers of the final response are kept (those of redirects and `100 Continue`
///   are dropped).
#pragma once

#include <atomic>

#include "engine/http_client.hpp"

namespace exec {

/// A libcurl HttpClient: one easy handle per request, so any number of threads may send at
/// once. Transport failures come back as HttpResponse::error with curl's message.
class CurlHttpClient final : public engine::HttpClient {
 public:
  /// Initialises libcurl for the process (once, whatever the number of clients).
  CurlHttpClient();

  /// Sends `request`; polls `cancelled` at least once a second and aborts when it is set.
  engine::HttpResponse send(const engine::HttpRequest& request,
                            const std::atomic<bool>& cancelled) override;
};

}  // namespace exec
