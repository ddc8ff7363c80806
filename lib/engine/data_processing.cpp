#include "engine/data_processing.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "expr/expr_env.hpp"
#include "expr/expr_eval.hpp"

namespace engine {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_template_error = "unable to process data template: ";

util::Error listing_error(std::string message) {
  return util::make_error(
      util::ErrorCode::io,
      fmt::format("{}unable to process data source: unable to source artifact paths: {}",
                  k_template_error, message));
}

/// Why the bucket's directory cannot be listed, or nullopt when it can. An object store
/// answers a listing of a missing bucket with an error (minio: `The specified bucket does
/// not exist`), and the repository root plays the default bucket.
std::optional<std::string> missing_bucket(const LocalArtifactPath& location) {
  std::error_code error;
  if (fs::is_directory(location.bucket_dir, error)) {
    return std::nullopt;
  }
  if (location.bucket.empty()) {
    return fmt::format(
        "the local artifact repository {} does not exist (set it with --artifact-repo or "
        "FLOWRUN_ARTIFACT_REPO)",
        location.bucket_dir);
  }
  return fmt::format(
      "The specified bucket does not exist (the local artifact repository has no directory {})",
      location.bucket_dir);
}

}  // namespace

util::Result<std::vector<std::string>> list_artifact_keys(const LocalArtifactPath& location,
                                                          const std::atomic<bool>* cancelled) {
  if (std::optional<std::string> why = missing_bucket(location)) {
    return util::make_error(util::ErrorCode::io, std::move(*why));
  }
  std::vector<std::string> keys;
  std::error_code error;
  if (!fs::is_directory(location.path, error)) {
    return keys;  // no object has the prefix `<key>/`
  }
  const fs::path top(location.path);
  const std::string prefix = location.key.empty() ? "" : location.key + "/";
  fs::recursive_directory_iterator it(top, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (cancelled != nullptr && cancelled->load()) {
      return util::make_error(util::ErrorCode::io, "the listing was cancelled");
    }
    std::error_code ignored;
    if (it->is_regular_file(ignored)) {
      keys.push_back(prefix + it->path().lexically_relative(top).generic_string());
    }
  }
  if (error) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("cannot list {}: {}", location.path, error.message()));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

util::Result<std::string> transform_data(const std::vector<std::string>& keys,
                                         const std::vector<std::string>& expressions) {
  expr::ExprValue::Array items;
  items.reserve(keys.size());
  for (const std::string& key : keys) {
    items.push_back(expr::ExprValue::string(key));
  }
  expr::ExprValue data = expr::ExprValue::array(std::move(items));
  for (std::size_t step = 0; step < expressions.size(); ++step) {
    if (expressions[step].empty()) {
      continue;
    }
    expr::ExprEnv env;
    env.set("data", data);
    util::Result<expr::ExprValue> value = expr::evaluate_expression(expressions[step], env);
    if (!value.ok()) {
      return util::make_error(
          util::ErrorCode::invalid_input,
          fmt::format("{}unable to process data transformation: error processing data step {}: {}",
                      k_template_error, step, value.error().message));
    }
    data = std::move(value.value());
  }
  // Argo returns json.Marshal's error as it is (`json: unsupported value: NaN`).
  return expr::to_json(data, expr::JsonLayout::compact);
}

util::Result<std::string> process_data(const LocalArtifactPath& location,
                                       const std::vector<std::string>& expressions,
                                       const std::atomic<bool>* cancelled) {
  util::Result<std::vector<std::string>> keys = list_artifact_keys(location, cancelled);
  if (!keys.ok()) {
    return listing_error(keys.error().message);
  }
  return transform_data(keys.value(), expressions);
}

}  // namespace engine
