// http templates (spec 1.6, 5.4): the request is substituted on the run's thread, sent through
// RunRequest::http on a thread of its own (start_async), and judged back on the run's thread
// as Argo's agent judges it (agent.go executeHTTPTemplate): the body is always the node's
// `outputs.result`; successCondition decides when given, else any 2xx succeeds; a request
// that got no response fails the node (Failed, not Error) with the transport's error.
//
// Template `timeout` (own or templateDefaults'): the request is given the smaller of it and
// `timeoutSeconds` as its timeout, so a slow server ends the node at the template's deadline
// with the client's timeout error (Argo's agent has no equivalent: its deadline is the pod's).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <variant>

#include <fmt/format.h>

#include "engine/http_client.hpp"
#include "engine/retry_policy.hpp"
#include "engine/run.hpp"
#include "expr/expr_env.hpp"
#include "expr/expr_eval.hpp"
#include "util/duration.hpp"

namespace engine {
namespace {

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

/// How the node ends: when the request cannot be made, or as its response is judged.
struct NodeEnd {
  graph::Phase phase;
  std::string message;
};

/// Go's textproto.CanonicalMIMEHeaderKey: `content-type` -> `Content-Type`; a name with a
/// byte that is not a token character is left as it is.
std::string canonical_header(const std::string& name) {
  const bool token = std::all_of(name.begin(), name.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > ' ' && byte < 0x7f &&
           std::string_view("\"(),/:;<=>?@[\\]{}").find(c) == std::string_view::npos;
  });
  if (!token) {
    return name;
  }
  std::string out = name;
  bool upper = true;
  for (char& c : out) {
    c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                : std::tolower(static_cast<unsigned char>(c)));
    upper = c == '-';
  }
  return out;
}

/// Go's http.Header as expr sees it: canonical name -> list of values, in order.
expr::ExprValue header_map(const HeaderPairs& headers) {
  std::map<std::string, expr::ExprValue::Array> grouped;
  for (const auto& [name, value] : headers) {
    grouped[canonical_header(name)].push_back(expr::ExprValue::string(value));
  }
  expr::ExprValue::Map entries;
  for (auto& [name, values] : grouped) {
    entries.emplace(name, expr::ExprValue::array(std::move(values)));
  }
  return expr::ExprValue::map(std::move(entries));
}

/// Go's url.Error text: `Get "http://x/": <cause>` (the method with only its first letter
/// upper case).
std::string transport_error(const HttpRequest& request, const std::string& cause) {
  std::string op = request.method;
  std::transform(op.begin(), op.end(), op.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!op.empty()) {
    op[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(op[0])));
  }
  return fmt::format("{} \"{}\": {}", op, request.url, cause);
}

/// `bodyFrom.bytes` is a Go []byte, base64 in YAML; decoded with expr's own fromBase64.
util::Result<std::string> decode_bytes(const std::string& text) {
  expr::ExprEnv env;
  env.set("bytes", expr::ExprValue::string(text));
  util::Result<expr::ExprValue> decoded = expr::evaluate_expression("fromBase64(bytes)", env);
  if (!decoded.ok()) {
    // Keep Go's own words (`illegal base64 data at input byte N`), not the wrapper around them
    // (`failed to evaluate expression '...': ... (1:1)`).
    std::string message = decoded.error().message;
    const std::size_t cause = message.find("illegal base64");
    if (cause != std::string::npos) {
      message = message.substr(cause, message.rfind(" (") - cause);
    }
    return util::make_error(util::ErrorCode::invalid_input, "bodyFrom.bytes: " + message);
  }
  return decoded->as_string();
}

/// A header's value: `value`, or the local secret `valueFrom.secretKeyRef` names.
util::Result<std::string> header_value(const model::HttpHeader& header, const FieldSubstituter& sub,
                                       const LocalObjects* objects) {
  const model::DocNode* ref = header.value_from ? header.value_from->find("secretKeyRef") : nullptr;
  if (ref == nullptr) {
    return header.value ? sub(header.value->value) : std::string();
  }
  const model::DocNode* name_node = ref->find("name");
  const model::DocNode* key_node = ref->find("key");
  const std::string name = name_node != nullptr ? sub(model::any_string(*name_node)) : "";
  const std::string key = key_node != nullptr ? sub(model::any_string(*key_node)) : "";
  if (objects == nullptr) {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("secret \"{}\" not found: no local secrets are configured", name));
  }
  return objects->value(ObjectKind::secret, name, key);
}

/// The template's `timeout`, else templateDefaults' (Go omits empty strings in the merge).
const model::OptScalar& template_timeout(const model::Template& tmpl,
                                         const model::WorkflowSpec& spec) {
  if ((tmpl.timeout && !tmpl.timeout->value.empty()) || !spec.template_defaults) {
    return tmpl.timeout;
  }
  return spec.template_defaults->timeout;
}

/// timeoutSeconds, lowered to the template `timeout` (whole seconds, rounded up) if that is
/// sooner.
std::variant<std::optional<long long>, NodeEnd> request_timeout(const model::HttpTemplate& http,
                                                                const model::OptScalar& timeout,
                                                                const FieldSubstituter& sub) {
  std::optional<long long> seconds;
  if (http.timeout_seconds) {
    model::OptScalar resolved = http.timeout_seconds;
    resolved->value = sub(resolved->value);
    util::Result<std::optional<long long>> parsed = int_or_string(resolved);
    if (!parsed.ok()) {
      return NodeEnd{graph::Phase::error, "timeoutSeconds: " + parsed.error().message};
    }
    seconds = *parsed;
  }
  if (timeout && !timeout->value.empty()) {
    std::string error;
    const std::optional<util::Duration> limit =
        util::parse_go_duration(sub(timeout->value), &error);
    if (!limit) {
      return NodeEnd{graph::Phase::error, "invalid timeout format. " + error};
    }
    const auto whole =
        static_cast<long long>(std::ceil(std::chrono::duration<double>(*limit).count()));
    seconds = seconds ? std::min(*seconds, std::max(whole, 1LL)) : std::max(whole, 1LL);
  }
  return seconds;
}

/// The substituted request; a NodeEnd when it cannot be built.
std::variant<HttpRequest, NodeEnd> build_request(const model::Template& tmpl,
                                                 const model::WorkflowSpec& spec,
                                                 const FieldSubstituter& sub,
                                                 const LocalObjects* objects) {
  const model::HttpTemplate& http = *tmpl.http;
  HttpRequest request;
  request.url = http.url ? sub(http.url->value) : std::string();
  request.method = http.method ? sub(http.method->value) : std::string();
  if (request.method.empty()) {
    request.method = "GET";  // Go's http.NewRequest: "" means GET
  }
  if (http.body_from_bytes) {
    util::Result<std::string> bytes = decode_bytes(sub(http.body_from_bytes->value));
    if (!bytes.ok()) {
      return NodeEnd{graph::Phase::error, bytes.error().message};
    }
    request.body = std::move(*bytes);
  } else if (http.body) {
    request.body = sub(http.body->value);
  }
  for (const model::HttpHeader& header : http.headers) {
    util::Result<std::string> value = header_value(header, sub, objects);
    if (!value.ok()) {
      // Argo's agent fails the node on any error while building the request.
      return NodeEnd{graph::Phase::failed, value.error().message};
    }
    request.headers.emplace_back(sub(header.name.value), std::move(*value));
  }
  auto timeout = request_timeout(http, template_timeout(tmpl, spec), sub);
  if (auto* refused = std::get_if<NodeEnd>(&timeout)) {
    return std::move(*refused);
  }
  request.timeout_seconds = std::get<std::optional<long long>>(timeout);
  request.insecure_skip_verify = http.insecure_skip_verify;
  return request;
}

/// successCondition's scope (spec 5.4).
expr::ExprEnv condition_env(const HttpRequest& request, const HttpResponse& response) {
  expr::ExprValue::Array bytes;
  for (const char c : request.body) {
    bytes.push_back(expr::ExprValue::integer(static_cast<unsigned char>(c)));
  }
  expr::ExprEnv env;
  // Argo evaluates with expr.Eval, which does not check names: an unknown one is nil.
  env.set_undefined_names(expr::UndefinedNames::nil);
  env.set("request.method", expr::ExprValue::string(request.method));
  env.set("request.url", expr::ExprValue::string(request.url));
  env.set("request.body", expr::ExprValue::string(request.body));
  env.set("request.bodyBytes", expr::ExprValue::array(std::move(bytes)));
  env.set("request.headers", header_map(request.headers));
  env.set("response.statusCode", expr::ExprValue::integer(response.status_code));
  env.set("response.body", expr::ExprValue::string(response.body));
  env.set("response.headers", header_map(response.headers));
  return env;
}

/// The node's phase and message for a response that arrived.
NodeEnd judge(const std::string& condition, const HttpRequest& request,
              const HttpResponse& response) {
  if (condition.empty()) {
    if (response.status_code < 200 || response.status_code >= 300) {
      return {graph::Phase::failed,
              fmt::format("received non-2xx response code: {}", response.status_code)};
    }
    return {graph::Phase::succeeded, {}};
  }
  util::Result<expr::ExprValue> value =
      expr::evaluate_expression(condition, condition_env(request, response));
  if (!value.ok()) {
    return {graph::Phase::failed, value.error().message};
  }
  if (value->kind() != expr::ValueKind::boolean) {
    return {graph::Phase::failed,
            fmt::format("unable to cast expression result '{}' to bool",
                        value->kind() == expr::ValueKind::string ? value->as_string()
                                                                 : expr::format_go_value(*value))};
  }
  if (!value->as_bool()) {
    return {graph::Phase::failed, fmt::format("successCondition '{}' evaluated false", condition)};
  }
  return {graph::Phase::succeeded, {}};
}

/// The continuation: the response (or its absence) becomes the node's outputs and phase.
void finish_http(Run& run, const std::string& id, const HttpRequest& request,
                 const std::string& condition, const HttpResponse& response) {
  if (graph::is_completed(run.node(id).phase)) {
    return;  // ended meanwhile (the workflow was terminated)
  }
  if (response.error) {
    run.set_phase(id, graph::Phase::failed, transport_error(request, *response.error));
    return;
  }
  run.node(id).outputs.result = response.body;
  NodeEnd verdict =
      response.stub ? NodeEnd{graph::Phase::succeeded, {}} : judge(condition, request, response);
  run.set_phase(id, verdict.phase, std::move(verdict.message));
}

}  // namespace

void Run::execute_http(const Call& call, const std::string& id, const BoundInputs& inputs) {
  HttpClient* client = m_request.http;
  if (client == nullptr) {
    set_phase(id, graph::Phase::error,
              "http templates cannot run here: this run was given no HTTP client");
    return;
  }
  if (!call.on_exit && m_shutdown) {
    // As for pods (execute_pod): after Stop only exit handlers start anything new.
    set_phase(id, graph::Phase::failed,
              fmt::format("workflow shutdown with strategy:  {}", *m_shutdown));
    return;
  }
  const model::Template& tmpl = *call.handle.tmpl;
  const std::unique_ptr<expr::Scope> scope = make_local_scope(call, inputs);
  const FieldSubstituter sub = [&scope](const std::string& text) {
    // Unresolved tags stay as they are, as Argo's substitution of leaf templates leaves them.
    util::Result<std::string> done = expr::substitute(text, *scope, expr::Mode::lenient);
    return done.ok() ? std::move(done.value()) : text;
  };
  auto built = build_request(tmpl, m_request.workflow->spec, sub, m_request.objects);
  if (auto* refused = std::get_if<NodeEnd>(&built)) {
    set_phase(id, refused->phase, std::move(refused->message));
    return;
  }
  std::string condition =
      tmpl.http->success_condition ? sub(tmpl.http->success_condition->value) : std::string();
  mark_running(id);
  start_async([this, id, client, request = std::move(std::get<HttpRequest>(built)),
               condition = std::move(condition)](const std::atomic<bool>& cancelled) {
    HttpResponse response = client->send(request, cancelled);
    return Continuation([this, id, request, condition, response = std::move(response)] {
      finish_http(*this, id, request, condition, response);
    });
  });
}

}  // namespace engine
