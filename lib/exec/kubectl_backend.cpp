#include "exec/kubectl_backend.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace exec {
namespace {

Argv base_argv(const KubectlOptions& options) {
  return {options.binary, "--context", options.context};
}

void add_object(Argv& argv, const engine::ResourceObject& object) {
  argv.insert(argv.end(), {object.kind, object.name});
  if (!object.namespace_name.empty()) {
    argv.insert(argv.end(), {"-n", object.namespace_name});
  }
}

}  // namespace

Argv kubectl_action_argv(const KubectlOptions& options, const engine::ResourceAction& action,
                         const std::string& manifest_file) {
  Argv argv = base_argv(options);
  argv.push_back(action.action);
  std::string output = "json";
  if (action.action == "delete") {
    argv.push_back("--ignore-not-found");
    output = "name";
  }
  if (action.action == "patch") {
    argv.insert(argv.end(),
                {"--type", action.merge_strategy.empty() ? "strategic" : action.merge_strategy,
                 "-p", action.manifest});
  }
  argv.insert(argv.end(), action.flags.begin(), action.flags.end());
  if (!manifest_file.empty() && action.action != "patch") {
    argv.insert(argv.end(), {"-f", manifest_file});
  }
  argv.insert(argv.end(), {"-o", output});
  return argv;
}

Argv kubectl_get_argv(const KubectlOptions& options, const engine::ResourceObject& object) {
  Argv argv = base_argv(options);
  argv.push_back("get");
  add_object(argv, object);
  argv.insert(argv.end(), {"-o", "json"});
  return argv;
}

Argv kubectl_delete_argv(const KubectlOptions& options, const engine::ResourceObject& object) {
  Argv argv = base_argv(options);
  argv.push_back("delete");
  add_object(argv, object);
  argv.push_back("--ignore-not-found");
  return argv;
}

util::Result<engine::ResourceObject> parse_kubectl_object(const std::string& text) {
  const nlohmann::json object = nlohmann::json::parse(text, nullptr, false);
  if (!object.is_object()) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("kubectl printed no object: {}", text.substr(0, 200)));
  }
  engine::ResourceObject out;
  out.kind = object.value("kind", "");
  if (object.contains("metadata") && object["metadata"].is_object()) {
    out.name = object["metadata"].value("name", "");
    out.namespace_name = object["metadata"].value("namespace", "");
  }
  if (out.kind.empty() || out.name.empty()) {
    return util::make_error(util::ErrorCode::invalid_input,
                            "Kind and name are both required but at least one of them is "
                            "missing from the manifest");
  }
  out.json = text;
  return out;
}

util::Result<engine::ResourceObject> KubectlBackend::execute(
    const engine::ResourceAction& action, const std::atomic<bool>& /*cancelled*/) {
  if (action.manifest.empty() && action.flags.empty()) {
    return util::make_error(util::ErrorCode::invalid_input,
                            "Must provide at least one of flags or manifest.");
  }
  std::string file;
  if (!action.manifest.empty() && action.action != "patch") {
    int index = 0;
    {
      const std::lock_guard<std::mutex> lock(m_mutex);
      index = ++m_files;
    }
    auto written = write_manifest_file(m_options.work_dir, index, action.manifest);
    if (!written) {
      return written.error();
    }
    file = *written;
  }
  auto done = run_checked(m_options.run, kubectl_action_argv(m_options, action, file));
  if (!done) {
    return done.error();
  }
  if (action.action == "delete" || (action.action == "get" && done->out.empty())) {
    return engine::ResourceObject{};
  }
  auto object = parse_kubectl_object(done->out);
  if (object && action.owned) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_owned.push_back(
        engine::ResourceObject{object->kind, object->name, object->namespace_name, {}});
  }
  return object;
}

util::Result<engine::ResourceObject> KubectlBackend::get(const engine::ResourceObject& object) {
  auto done = run_checked(m_options.run, kubectl_get_argv(m_options, object));
  if (!done) {
    return done.error();
  }
  return parse_kubectl_object(done->out);
}

std::vector<std::string> KubectlBackend::delete_owned() {
  std::vector<engine::ResourceObject> owned;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    owned.swap(m_owned);
  }
  std::vector<std::string> errors;
  for (const engine::ResourceObject& object : owned) {
    auto done = run_checked(m_options.run, kubectl_delete_argv(m_options, object));
    if (!done) {
      errors.push_back(fmt::format("{} {}: {}", object.kind, object.name, done.error().message));
    }
  }
  return errors;
}

}  // namespace exec
