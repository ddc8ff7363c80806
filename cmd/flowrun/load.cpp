#include "load.hpp"

#include "model/loader.hpp"
#include "model/parameter_file.hpp"
#include "model/yaml_reader.hpp"
#include "util/file.hpp"

namespace cli {
namespace {

/// The name diagnostics use for a file argument.
std::string display_path(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

/// Reads `path` into `loaded.sources`. On failure the file is still added (empty), so the
/// diagnostic can name it and sort with the others; returns nullptr then.
const util::SourceFile* read_source(LoadedFiles& loaded, const std::string& path) {
  const std::string shown = display_path(path);
  util::Result<std::string> text = util::read_text_file(path, model::YamlLimits{}.max_bytes);
  if (text.ok()) {
    return &loaded.sources.add(shown, std::move(text.value()));
  }
  const util::SourceFile& file = loaded.sources.add(shown, "");
  // util's messages start with the path; the diagnostic already shows it.
  std::string message = text.error().message;
  const std::string prefix = path + ": ";
  if (message.rfind(prefix, 0) == 0) {
    message.erase(0, prefix.size());
  }
  loaded.diagnostics.error({&file, 0, 0}, "file-unreadable", std::move(message));
  return nullptr;
}

/// Parameter file values first, then -p: a later value for the same name replaces the
/// earlier one in place, new names are appended.
std::vector<std::pair<std::string, std::string>> merge_parameters(
    std::vector<std::pair<std::string, std::string>> base,
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  for (const auto& [name, value] : overrides) {
    bool replaced = false;
    for (auto& existing : base) {
      if (existing.first == name) {
        existing.second = value;
        replaced = true;
      }
    }
    if (!replaced) {
      base.emplace_back(name, value);
    }
  }
  return base;
}

}  // namespace

std::unique_ptr<LoadedFiles> load_files(const LoadRequest& request) {
  auto loaded = std::make_unique<LoadedFiles>();
  std::vector<std::pair<std::string, std::string>> from_file;
  if (request.parameter_file) {
    if (const util::SourceFile* file = read_source(*loaded, *request.parameter_file)) {
      from_file = model::load_parameter_file(*file, loaded->diagnostics);
    }
  }
  loaded->validate_options.parameters = merge_parameters(std::move(from_file), request.parameters);
  loaded->validate_options.entrypoint = request.entrypoint;
  loaded->validate_options.require_template_refs = request.require_template_refs;

  for (const std::string& path : request.files) {
    loaded->paths.push_back(display_path(path));
    if (const util::SourceFile* file = read_source(*loaded, path)) {
      std::vector<model::Workflow> documents = model::load_documents(*file, loaded->diagnostics);
      for (model::Workflow& document : documents) {
        loaded->documents.push_back(std::move(document));
      }
    }
  }
  if (request.parameter_file) {
    loaded->paths.push_back(display_path(*request.parameter_file));
  }
  // Only now: the library keeps pointers, and `documents` no longer grows.
  loaded->library.add_all(loaded->documents);
  return loaded;
}

void validate_document(LoadedFiles& loaded, const model::Workflow& document) {
  model::validate(document, loaded.library, loaded.validate_options, loaded.diagnostics);
}

}  // namespace cli
