/// What this version of flowrun cannot run, found before anything starts: a workflow that
/// uses such a feature is refused with the position of each use (exit 3), never run with the
/// feature silently ignored.
#pragma once

#include <string>
#include <vector>

#include "engine/local_objects.hpp"
#include "engine/template_lookup.hpp"
#include "model/validate.hpp"
#include "model/workflow.hpp"
#include "util/source.hpp"

namespace engine {

class ResourceBackend;  // engine/resource_backend.hpp

/// One use of an unsupported feature.
struct Unsupported {
  util::SourceLoc loc;
  std::string message;  ///< e.g. `memoize is not supported by this version of flowrun`
};

/// What the caller can handle beyond the engine itself, which decides what is refused.
struct PreflightOptions {
  /// RunRequest::retry_expression is set: `retryStrategy.expression` can be evaluated.
  bool retry_expression = false;
  /// Where secrets and configMaps come from; null: none are available.
  const LocalObjects* objects = nullptr;
  /// What carries out resource templates (its kinds decide what is refused); null: none, so
  /// every resource template is refused.
  const ResourceBackend* resources = nullptr;
  /// RunRequest::memo is set: templates with `memoize` can run.
  bool memoize = false;
  /// RunRequest::artifacts is set: artifacts in the local repository, raw and http can be
  /// used; without it every artifact is refused.
  bool artifacts = false;
};

/// Every use of an unsupported feature in the templates the run can reach from the
/// entrypoint (`entrypoint` overrides spec.entrypoint when non-empty), the exit handler
/// and the hooks, plus workflow-level fields. In source order.
std::vector<Unsupported> preflight(const model::Workflow& workflow,
                                   const model::TemplateLibrary* library,
                                   const std::string& entrypoint,
                                   const PreflightOptions& options = {});

}  // namespace engine
