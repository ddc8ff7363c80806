// Artifacts (spec 2.2): arguments resolved in the caller's scope, inputs bound to the callee,
// input artifacts staged on this machine and mounted into the pod, output artifacts saved
// from what the executor copied out, and steps/DAG outputs taken from their children. The
// files themselves go through RunRequest::artifacts (engine/artifact_store.hpp).
#include <fmt/format.h>

#include "engine/artifacts.hpp"
#include "engine/http_client.hpp"
#include "engine/run.hpp"
#include "engine/run_frames.hpp"
#include "expr/expr_env.hpp"
#include "expr/expr_eval.hpp"

namespace engine {
namespace {

constexpr std::string_view k_no_store =
    "artifacts need a local artifact repository, and none is configured";

util::Error invalid(std::string message) {
  return util::Error{util::ErrorCode::invalid_input, std::move(message), {}};
}

/// What a `from` / `fromExpression` reference names.
struct Referenced {
  std::optional<graph::ArtifactRef> artifact;  ///< nullopt: nothing
  bool absent = false;  ///< it names an absent optional (a skipped producer's artifact)
};

/// The artifact `from` / `fromExpression` gives in `scope` (`absent`: the scope's absent
/// optionals, may be null). Errors: a `from` that is not one reference, a value that is not
/// an artifact. An expression that fails names nothing.
util::Result<Referenced> referenced_artifact(const model::Artifact& artifact,
                                             const expr::Scope& scope,
                                             const std::set<std::string>* absent) {
  std::string text;
  if (artifact.from) {
    const std::optional<std::string> variable = from_variable(artifact.from->value);
    if (!variable) {
      return invalid(fmt::format("artifact '{}': from must be one {{{{...}}}} reference, not '{}'",
                                 artifact.name.value, artifact.from->value));
    }
    if (absent != nullptr && absent->count(*variable) > 0) {
      return Referenced{std::nullopt, true};
    }
    const std::string* value = scope.find(*variable);
    if (value == nullptr) {
      return Referenced{};
    }
    text = *value;
  } else {
    util::Result<std::string> value = expr::evaluate_expression_tag(
        artifact.from_expression->value, expr::ExprEnv::from_scope(scope));
    if (!value.ok()) {
      return Referenced{};
    }
    text = std::move(value.value());
  }
  util::Result<graph::ArtifactRef> ref = artifact_from_text(text);
  if (!ref.ok()) {
    return invalid(
        fmt::format("artifact '{}': {} did not give an artifact", artifact.name.value,
                    artifact.from ? artifact.from->value : artifact.from_expression->value));
  }
  return Referenced{std::move(ref.value()), false};
}

/// The name a staged artifact file gets: its path's base name, or `fallback` for a path
/// without one (`/`).
std::string staged_name(const std::string& path, const std::string& fallback) {
  std::string name = artifact_base_name(path);
  return name.empty() || name == "/" || name == "." || name == ".." ? fallback : name;
}

/// `Unable to resolve: {{...}}`, Argo's words for a reference that names nothing.
util::Error unresolved(const model::Artifact& artifact) {
  return invalid(artifact.from
                     ? fmt::format("Unable to resolve: {}", artifact.from->value)
                     : fmt::format("Unable to resolve: {}", artifact.from_expression->value));
}

}  // namespace

util::Result<std::vector<ArtifactArg>> Run::resolve_artifact_arguments(
    const std::vector<model::Artifact>& arguments, const expr::Scope& scope,
    const std::set<std::string>* absent) const {
  std::vector<ArtifactArg> resolved;
  const LocationSubstituter sub = [&scope](const std::string& text) {
    return expr::substitute(text, scope, expr::Mode::strict);
  };
  for (const model::Artifact& argument : arguments) {
    std::optional<graph::ArtifactRef> value;
    if (argument.from || argument.from_expression) {
      util::Result<Referenced> found = referenced_artifact(argument, scope, absent);
      if (!found.ok()) {
        return found.error();
      }
      // A skipped producer's artifact is passed on as absent: the callee's binding decides.
      if (!found->artifact && !found->absent && !argument.optional) {
        return unresolved(argument);
      }
      value = std::move(found->artifact);
    } else {
      util::Result<std::optional<graph::ArtifactRef>> located =
          declared_location(argument, m_request.artifact_root, sub);
      if (!located.ok()) {
        return located.error();
      }
      value = std::move(located.value());
    }
    if (value && argument.sub_path) {
      util::Result<std::string> sub_path = sub(argument.sub_path->value);
      if (!sub_path.ok()) {
        return sub_path.error();
      }
      value->key = join_key(value->key, sub_path.value());
    }
    if (value) {
      value->name = argument.name.value;
    }
    resolved.push_back({argument.name.value, std::move(value)});
  }
  return resolved;
}

util::Result<std::vector<graph::ArtifactRef>> Run::bind_input_artifacts(
    const model::Template& tmpl, const std::vector<ArtifactArg>& arguments,
    const BoundInputs& parameters) const {
  std::vector<graph::ArtifactRef> bound;
  expr::Scope scope(&m_globals);
  for (const auto& [name, value] : parameters) {
    scope.set("inputs.parameters." + name, value);
  }
  const LocationSubstituter sub = [&scope](const std::string& text) {
    return expr::substitute(text, scope, expr::Mode::strict);
  };
  for (const model::Artifact& input : tmpl.inputs.artifacts) {
    const std::string& name = input.name.value;
    std::optional<graph::ArtifactRef> value;
    for (const ArtifactArg& argument : arguments) {
      if (argument.name == name && argument.value) {
        value = argument.value;
      }
    }
    if (!value) {
      util::Result<std::optional<graph::ArtifactRef>> located =
          declared_location(input, m_request.artifact_root, sub);
      if (!located.ok()) {
        return located.error();
      }
      value = std::move(located.value());
    }
    if (!value) {
      if (input.optional) {
        continue;
      }
      return invalid(fmt::format("inputs.artifacts.{} was not supplied", name));
    }
    value->name = name;
    value->path = input.path ? input.path->value : std::string();  // the callee's own path
    bound.push_back(std::move(*value));
  }
  return bound;
}

util::Result<std::vector<graph::ArtifactRef>> Run::template_output_artifacts(
    const model::Template& tmpl, const expr::Scope& scope) const {
  std::vector<graph::ArtifactRef> values;
  for (const model::Artifact& output : tmpl.outputs.artifacts) {
    if (!output.from && !output.from_expression) {
      continue;  // a leaf's path-valued output: not a steps/DAG output
    }
    util::Result<Referenced> found = referenced_artifact(output, scope, nullptr);
    if (!found.ok()) {
      return found.error();
    }
    if (!found->artifact) {
      if (output.optional) {
        continue;
      }
      return unresolved(output);
    }
    graph::ArtifactRef value = std::move(*found->artifact);
    value.name = output.name.value;
    values.push_back(std::move(value));
  }
  return values;
}

std::optional<std::string> Run::stage_artifacts(const Call& call, const FieldSubstituter& sub,
                                                PodState& state) {
  const model::Template& tmpl = *call.handle.tmpl;
  bool any_output = false;
  for (const model::Artifact& output : tmpl.outputs.artifacts) {
    any_output = any_output || output.path.has_value();
  }
  if (call.input_artifacts.empty() && !any_output) {
    return std::nullopt;
  }
  ArtifactStore* store = m_request.artifacts;
  if (store == nullptr) {
    return std::string(k_no_store);
  }
  util::Result<std::string> dir = store->make_pod_dir(state.request.pod_name);
  if (!dir.ok()) {
    return dir.error().message;
  }
  state.artifact_dir = dir.value();
  PodRequest& request = state.request;
  // Input artifacts land with `main` (a containerSet's member named main).
  ContainerSpec* main = &request.main;
  for (ContainerSetMember& member : request.container_set) {
    if (member.spec.name == "main") {
      main = &member.spec;
    }
  }
  for (std::size_t index = 0; index < call.input_artifacts.size(); ++index) {
    const graph::ArtifactRef& input = call.input_artifacts[index];
    const model::Artifact* declared = nullptr;
    for (const model::Artifact& artifact : tmpl.inputs.artifacts) {
      if (artifact.name.value == input.name) {
        declared = &artifact;
      }
    }
    if (declared == nullptr || input.path.empty()) {
      continue;
    }
    const std::string path = sub(input.path);
    const std::string dest =
        fmt::format("{}/in-{}/{}", state.artifact_dir, index, staged_name(path, input.name));
    const PlaceSpec place = place_spec(*declared);
    std::optional<util::Error> failed;
    if (input.kind == "raw") {
      failed = store->write_file(dest, input.data, place);
    } else if (input.kind == "http") {
      if (m_request.http == nullptr) {
        return fmt::format("artifact '{}': http artifacts need an HTTP client", input.name);
      }
      HttpRequest get;
      get.url = input.url;
      const std::atomic<bool> never{false};
      const HttpResponse response = m_request.http->send(get, never);
      if (response.error) {
        return fmt::format("artifact '{}': GET {}: {}", input.name, input.url, *response.error);
      }
      if (!response.stub && (response.status_code < 200 || response.status_code > 299)) {
        return fmt::format("artifact '{}': GET {}: status code {}", input.name, input.url,
                           response.status_code);
      }
      failed = store->write_file(dest, response.body, place);
    } else if (!store->exists(input.key)) {
      if (declared->optional) {
        continue;  // Argo skips an optional input that is not there
      }
      return fmt::format("artifact '{}': key '{}' not found in the artifact repository", input.name,
                         input.key);
    } else {
      failed = store->load(input.key, dest, place);
    }
    if (failed) {
      return fmt::format("artifact '{}': {}", input.name, failed->message);
    }
    const std::string volume = fmt::format("input-artifact-{}", index);
    request.volumes.push_back({volume, VolumeKind::host_path, dest, false});
    main->mounts.push_back({volume, path, "", false});
  }
  const LocationSubstituter location_sub = [&sub](const std::string& text) {
    return util::Result<std::string>(sub(text));
  };
  for (std::size_t index = 0; index < tmpl.outputs.artifacts.size(); ++index) {
    const model::Artifact& output = tmpl.outputs.artifacts[index];
    if (!output.path) {
      continue;
    }
    const std::string path = sub(output.path->value);
    std::string key;
    util::Result<std::optional<graph::ArtifactRef>> located =
        declared_location(output, m_request.artifact_root, location_sub);
    if (!located.ok()) {
      return located.error().message;
    }
    if (located.value() && located.value()->kind != "raw" && located.value()->kind != "http") {
      key = located.value()->key;
    } else {
      key = default_artifact_key(m_request.name, request.pod_name, output.name.value, path,
                                 archive_spec(output));
    }
    // Named as in the container: the archive's one entry takes the host file's name.
    request.output_artifacts.push_back({path, fmt::format("{}/out-{}/{}", state.artifact_dir, index,
                                                          staged_name(path, output.name.value))});
    state.output_artifacts.emplace_back(&output, std::move(key));
  }
  return std::nullopt;
}

std::optional<std::string> Run::save_output_artifacts(PodState& state, const PodEvent& event,
                                                      graph::Node& pod) {
  const std::vector<OutputArtifactRequest>& requested = state.request.output_artifacts;
  std::optional<std::string> missing;
  for (std::size_t index = 0; index < requested.size(); ++index) {
    const auto& [declared, key] = state.output_artifacts[index];
    const bool copied = index < event.artifacts.size() && event.artifacts[index];
    if (!copied) {
      if (!declared->optional && !missing) {
        missing = fmt::format("failed to save outputs: artifact '{}': {} does not exist",
                              declared->name.value, requested[index].path);
      }
      continue;
    }
    if (std::optional<util::Error> failed =
            m_request.artifacts->save(requested[index].host_path, key, archive_spec(*declared))) {
      return fmt::format("failed to save outputs: artifact '{}': {}", declared->name.value,
                         failed->message);
    }
    graph::ArtifactRef saved;
    saved.name = declared->name.value;
    saved.path = requested[index].path;
    saved.key = key;
    pod.outputs.artifacts.push_back(std::move(saved));
  }
  return missing;
}

void Run::discard_artifact_dir(PodState& state) {
  if (!state.artifact_dir.empty() && m_request.artifacts != nullptr) {
    m_request.artifacts->discard_pod_dir(state.artifact_dir);
  }
  state.artifact_dir.clear();
}

}  // namespace engine
