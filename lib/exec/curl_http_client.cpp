#include "exec/curl_http_client.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <curl/curl.h>

namespace exec {
namespace {

/// Go's http.Client stops after 10 redirects.
constexpr long k_max_redirects = 10;
constexpr const char* k_cancelled = "request cancelled: the workflow was terminated";

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;

/// What the callbacks fill in while the transfer runs (one per request).
struct Transfer {
  const std::atomic<bool>* cancelled = nullptr;
  engine::HttpResponse response;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  transfer->response.body.append(data, size * count);
  return size * count;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return text;
}

/// One header line. A status line starts a new header block (a redirect, `100 Continue`):
/// only the final response's headers are kept.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.substr(0, 5) == "HTTP/") {
    transfer->response.headers.clear();
    return size * count;
  }
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    transfer->response.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                            std::string(trim(line.substr(colon + 1))));
  }
  return size * count;
}

int on_progress(void* user, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/, curl_off_t /*ultotal*/,
                curl_off_t /*ulnow*/) {
  const auto* transfer = static_cast<const Transfer*>(user);
  return transfer->cancelled->load() ? 1 : 0;  // non-zero aborts the transfer
}

bool has_header(const engine::HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
  }
  return false;
}

/// The request's headers, plus empty ones that stop curl adding headers Go would not send.
HeaderList header_list(const engine::HttpRequest& request) {
  curl_slist* list = nullptr;
  for (const auto& [name, value] : request.headers) {
    // `Name:` would remove the header in curl; `Name;` sends it with an empty value.
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    list = curl_slist_append(list, line.c_str());
  }
  for (const char* name : {"Accept", "Content-Type", "Expect"}) {
    if (!has_header(request, name)) {
      list = curl_slist_append(list, (std::string(name) + ":").c_str());
    }
  }
  return HeaderList(list);
}

void set_method_and_body(CURL* easy, const engine::HttpRequest& request) {
  if (request.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    return;
  }
  if (request.method == "GET" && request.body.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    return;
  }
  // POSTFIELDS sends the body (a POST unless the method says otherwise). Setting the method
  // only when it is not POST lets curl turn a POST into a GET on a 301/302/303, as Go does.
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.c_str());
  if (request.method != "POST") {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
}

void set_transport(CURL* easy, const engine::HttpRequest& request) {
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, k_max_redirects);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // signals are not thread-safe
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "flowrun");
  if (request.timeout_seconds && *request.timeout_seconds > 0) {
    curl_easy_setopt(easy, CURLOPT_TIMEOUT, static_cast<long>(*request.timeout_seconds));
  }
  if (request.insecure_skip_verify) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  }
}

}  // namespace

CurlHttpClient::CurlHttpClient() {
  // curl_global_init is not safe to race with other libcurl calls: once per process, before
  // any handle exists. libcurl's state stays until exit (no cleanup needed for a CLI).
  static std::once_flag k_initialised;
  std::call_once(k_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

engine::HttpResponse CurlHttpClient::send(const engine::HttpRequest& request,
                                          const std::atomic<bool>& cancelled) {
  Transfer transfer;
  transfer.cancelled = &cancelled;
  const Easy easy(curl_easy_init());
  if (!easy) {
    transfer.response.error = "cannot create an HTTP request (libcurl failed to initialise)";
    return std::move(transfer.response);
  }
  CURL* handle = easy.get();
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text);
  set_transport(handle, request);
  set_method_and_body(handle, request);
  const HeaderList headers = header_list(request);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);

  const CURLcode code = cancelled.load() ? CURLE_ABORTED_BY_CALLBACK : curl_easy_perform(handle);
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    engine::HttpResponse cancelled_response;
    cancelled_response.error = k_cancelled;
    return cancelled_response;
  }
  if (code != CURLE_OK) {
    transfer.response.error =
        error_text[0] != '\0' ? std::string(error_text) : std::string(curl_easy_strerror(code));
    return std::move(transfer.response);
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  transfer.response.status_code = static_cast<int>(status);
  return std::move(transfer.response);
}

}  // namespace exec
