// exec/dry_run_http_client: the dry run's line for a request and its stub answer.
#include "exec/dry_run_http_client.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

TEST_CASE("dry-run http: describes the request without header values or the body") {
  engine::HttpRequest request;
  request.url = "http://svc/x";
  CHECK(exec::describe_http(request) == "would send GET http://svc/x");
  request.method = "POST";
  request.headers = {{"Authorization", "secret-token"}, {"X-A", "1"}};
  request.body = "hello";
  request.timeout_seconds = 5;
  request.insecure_skip_verify = true;
  CHECK(exec::describe_http(request) ==
        "would send POST http://svc/x, headers [Authorization, X-A], body 5 bytes, timeout 5s, "
        "insecure");
}

TEST_CASE("dry-run http: answers a stub 200 with the stub body and prints its line") {
  std::vector<std::string> lines;
  exec::DryRunHttpClient client([&lines](std::string_view line) { lines.emplace_back(line); },
                                "[\"dry-run\"]");
  engine::HttpRequest request;
  request.url = "http://127.0.0.1:1/never";
  const std::atomic<bool> cancelled{false};
  const engine::HttpResponse response = client.send(request, cancelled);
  CHECK_FALSE(response.error);
  CHECK(response.stub);
  CHECK(response.status_code == 200);
  CHECK(response.body == "[\"dry-run\"]");
  CHECK(lines == std::vector<std::string>{"would send GET http://127.0.0.1:1/never"});
}
