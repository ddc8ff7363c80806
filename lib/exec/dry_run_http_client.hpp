/// The dry run's HttpClient: sends nothing, says what it would send and answers every request
/// with a stub, so a dry run walks past http steps as it walks past pods (see DryRunExecutor).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "engine/http_client.hpp"

namespace exec {

/// `would send GET http://x/y`, then `, headers [Name, ...]` (names only: values may come from
/// secrets), `, body N bytes`, `, timeout Ns` and `, insecure` when they apply.
std::string describe_http(const engine::HttpRequest& request);

/// Answers every request with a stub response (HttpResponse::stub: the node succeeds whatever
/// its successCondition), status 200 and the stub body, after passing describe_http()'s line
/// to the sink (one call at a time, whatever the number of threads).
class DryRunHttpClient final : public engine::HttpClient {
 public:
  using LineSink = std::function<void(std::string_view line)>;

  DryRunHttpClient(LineSink sink, std::string body_stub);

  engine::HttpResponse send(const engine::HttpRequest& request,
                            const std::atomic<bool>& cancelled) override;

 private:
  std::mutex m_mutex;
  LineSink m_sink;
  std::string m_body_stub;
};

}  // namespace exec
