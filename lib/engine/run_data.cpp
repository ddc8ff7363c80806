// data templates (spec 1.4): `source.artifactPaths` lists the local artifact repository
// (artifact_location.hpp), each `transformation[].expression` runs over the list bound to
// `data`, and the final value, JSON-encoded, becomes the Pod node's `outputs.result`, which a
// later step's withParam can loop over. The template's fields are substituted with its
// inputs first, as Argo substitutes a template before its pod runs. The listing runs off the
// run's thread: a repository can be large.
#include <fmt/format.h>

#include "engine/artifacts.hpp"
#include "engine/data_processing.hpp"
#include "engine/run.hpp"

namespace engine {
namespace {

/// Where `artifact` (an artifactPaths source) is in the repository at `root`.
util::Result<LocalArtifactPath> locate(const model::Artifact& artifact, const expr::Scope& scope,
                                       const std::string& root) {
  util::Result<ArtifactAddress> address =
      artifact_address(artifact, [&scope](const std::string& text) {
        return expr::substitute(text, scope, expr::Mode::strict);
      });
  if (!address.ok()) {
    return address.error();
  }
  return map_artifact_location(root, address.value());
}

}  // namespace

void Run::execute_data(const Call& call, const std::string& id, const BoundInputs& inputs) {
  if (!call.on_exit && m_shutdown) {
    // Argo's Stop lets only exit handlers start anything new (as execute_pod).
    set_phase(id, graph::Phase::failed,
              fmt::format("workflow shutdown with strategy:  {}", *m_shutdown));
    return;
  }
  const model::DataTemplate& data = *call.handle.tmpl->data;
  if (!data.artifact_paths) {
    set_phase(id, graph::Phase::error, "no valid source is used for data template");
    return;
  }
  const std::unique_ptr<expr::Scope> scope = make_local_scope(call, inputs);
  util::Result<LocalArtifactPath> location =
      locate(*data.artifact_paths, *scope, m_request.artifact_root);
  if (!location.ok()) {
    set_phase(id, graph::Phase::error, location.error().message);
    return;
  }
  std::vector<std::string> expressions;
  for (const model::Scalar& expression : data.transformations) {
    util::Result<std::string> text = expr::substitute(expression.value, *scope, expr::Mode::strict);
    if (!text.ok()) {
      set_phase(id, graph::Phase::error, text.error().message);
      return;
    }
    expressions.push_back(std::move(text.value()));
  }
  mark_running(id);
  start_async([this, id, where = std::move(location.value()),
               expressions = std::move(expressions)](const std::atomic<bool>& cancelled) {
    util::Result<std::string> result = process_data(where, expressions, &cancelled);
    return Continuation([this, id, result = std::move(result)] {
      graph::Node& listed = node(id);
      if (graph::is_fulfilled(listed.phase, false)) {
        return;  // ended meanwhile (terminated)
      }
      if (!result.ok()) {
        set_phase(id, graph::Phase::error, result.error().message);
        return;
      }
      listed.outputs.result = result.value();
      set_phase(id, graph::Phase::succeeded);
    });
  });
}

}  // namespace engine
