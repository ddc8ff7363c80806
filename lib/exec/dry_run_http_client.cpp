#include "exec/dry_run_http_client.hpp"

#include <fmt/format.h>

namespace exec {

std::string describe_http(const engine::HttpRequest& request) {
  std::string out = fmt::format("would send {} {}", request.method, request.url);
  if (!request.headers.empty()) {
    out += ", headers [";
    for (std::size_t i = 0; i < request.headers.size(); ++i) {
      out += i > 0 ? ", " : "";
      out += request.headers[i].first;
    }
    out += ']';
  }
  if (!request.body.empty()) {
    out += fmt::format(", body {} bytes", request.body.size());
  }
  if (request.timeout_seconds) {
    out += fmt::format(", timeout {}s", *request.timeout_seconds);
  }
  if (request.insecure_skip_verify) {
    out += ", insecure";
  }
  return out;
}

DryRunHttpClient::DryRunHttpClient(LineSink sink, std::string body_stub)
    : m_sink(std::move(sink)), m_body_stub(std::move(body_stub)) {}

engine::HttpResponse DryRunHttpClient::send(const engine::HttpRequest& request,
                                            const std::atomic<bool>& /*cancelled*/) {
  const std::string line = describe_http(request);
  const std::lock_guard<std::mutex> lock(m_mutex);
  if (m_sink) {
    m_sink(line);
  }
  engine::HttpResponse response;
  response.status_code = 200;
  response.body = m_body_stub;
  response.stub = true;
  return response;
}

}  // namespace exec
