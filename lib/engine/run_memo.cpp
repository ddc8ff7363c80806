// Template `memoize` (spec 2.6, Argo's executeTemplate): before the node is created its key is
// looked up in the cache. A hit that is not older than maxAge creates the node already
// Succeeded with the cached outputs and nothing runs; a miss runs the template (with its
// retries: the memoized node is the Retry node) and saves its outputs once it Succeeded. A
// save failure makes the node Error.
#include <fmt/format.h>

#include "engine/memo_cache.hpp"
#include "engine/run.hpp"
#include "util/duration.hpp"

namespace engine {
namespace {

/// The memoize fields as this call sees them: `{{...}}` substituted as Argo's ProcessArgs
/// substitutes the whole template (unresolved tags are left as they are).
struct MemoSettings {
  graph::MemoizationStatus status;
  std::optional<util::Duration> max_age;  ///< nullopt: entries never expire
};

util::Result<MemoSettings> memo_settings(const model::Memoize& memoize, const expr::Scope& scope) {
  auto substituted = [&scope](const model::OptScalar& field) -> util::Result<std::string> {
    if (!field) {
      return std::string();
    }
    return expr::substitute(field->value, scope, expr::Mode::lenient);
  };
  MemoSettings settings;
  util::Result<std::string> key = substituted(memoize.key);
  if (!key.ok()) {
    return key.error();
  }
  settings.status.key = std::move(key.value());
  settings.status.cache_name =
      memoize.cache_config_map_name ? memoize.cache_config_map_name->value : std::string();
  util::Result<std::string> max_age = substituted(memoize.max_age);
  if (!max_age.ok()) {
    return max_age.error();
  }
  if (!max_age->empty()) {
    std::string error;
    settings.max_age = util::parse_go_duration(max_age.value(), &error);
    if (!settings.max_age) {
      return util::make_error(util::ErrorCode::invalid_input,
                              fmt::format("invalid maxAge: {}", error));
    }
  }
  return settings;
}

}  // namespace

std::string Run::execute_memoized(Call call, BoundInputs inputs, Done done) {
  const model::Template& tmpl = *call.handle.tmpl;
  const model::RetryStrategy* strategy = retry_strategy_for(tmpl);
  auto run_node = [&](Done then) {
    return strategy != nullptr ? execute_retry(call, *strategy, inputs, std::move(then))
                               : run_template(call, inputs, std::move(then));
  };
  if (m_request.memo == nullptr || !tmpl.memoize) {
    return run_node(std::move(done));  // preflight refuses memoize without a cache
  }
  const std::unique_ptr<expr::Scope> scope = make_local_scope(call, inputs);
  util::Result<MemoSettings> settings = memo_settings(*tmpl.memoize, *scope);
  if (!settings.ok()) {
    const std::string id =
        error_node(call.node_name, call.boundary_id, &call.handle, settings.error().message);
    on_done(id, std::move(done));
    return id;
  }
  graph::MemoizationStatus status = std::move(settings->status);
  const std::optional<MemoEntry> entry = m_request.memo->lookup(status.cache_name, status.key);
  if (entry && (!settings->max_age || m_clock.now() - entry->created_at <= *settings->max_age)) {
    status.hit = true;
    // Created Pending and filled in before it Succeeds: reported once, complete.
    const std::string id = create_node(
        call.node_name, strategy != nullptr ? graph::NodeType::retry : node_type_of(tmpl),
        call.boundary_id, &call.handle);
    on_done(id, std::move(done));
    graph::Node& hit = node(id);
    hit.hooked = call.hooked;
    hit.input_parameters = inputs;
    hit.input_artifacts = call.input_artifacts;
    hit.outputs = entry->outputs;
    hit.memoization = std::move(status);
    export_globals(tmpl, hit);
    set_phase(id, graph::Phase::succeeded);
    return id;
  }
  const std::string id =
      run_node([this, status, done = std::move(done)](const std::string& finished) {
        save_memoized(finished, status);
        done(finished);
      });
  graph::Node& started = node(id);
  started.memoization = std::move(status);
  if (graph::is_fulfilled(started.phase, started.daemoned)) {
    m_sink.on_node(started);  // otherwise its next change reports it
  }
  return id;
}

void Run::save_memoized(const std::string& id, const graph::MemoizationStatus& status) {
  graph::Node& saved = node(id);
  if (saved.phase != graph::Phase::succeeded) {
    return;  // only Succeeded nodes are cached (Failed, Error, Skipped, Omitted never)
  }
  MemoEntry entry;
  entry.node_id = id;
  entry.outputs = saved.outputs;
  entry.created_at = m_clock.now();
  if (std::optional<util::Error> error =
          m_request.memo->save(status.cache_name, status.key, entry)) {
    set_phase(id, graph::Phase::error, std::move(error->message));
  }
}

}  // namespace engine
