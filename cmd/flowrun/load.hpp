/// Reading the files of one command: manifests, parameter file, template library.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/validate.hpp"
#include "model/workflow.hpp"
#include "util/source.hpp"

namespace cli {

/// What to read, and the values that change how documents validate.
struct LoadRequest {
  std::vector<std::string> files;                               ///< "-" is standard input
  std::vector<std::pair<std::string, std::string>> parameters;  ///< -p, in order
  std::optional<std::string> parameter_file;
  std::optional<std::string> entrypoint;
  bool require_template_refs = false;  ///< run: a missing WorkflowTemplate is an error
};

/// Everything read for one command. `library` points into `documents` and every SourceLoc
/// into `sources`, so this stays in one place (not copyable, not movable).
struct LoadedFiles {
  LoadedFiles() = default;
  LoadedFiles(const LoadedFiles&) = delete;
  LoadedFiles& operator=(const LoadedFiles&) = delete;

  util::SourceSet sources;
  std::vector<std::string> paths;  ///< every file read, as shown: manifests, then --parameter-file
  std::vector<model::Workflow> documents;   ///< every workflow-kind document of every file
  model::TemplateLibrary library;           ///< the templates of all documents
  model::ValidateOptions validate_options;  ///< parameters (file, then -p) and entrypoint
  model::Diagnostics diagnostics;           ///< read, parse and decode problems so far
};

/// Reads every file; one that cannot be read is reported as `FILE: error: <why>` and the
/// others are still read. The parameter file is merged before -p values (-p wins).
std::unique_ptr<LoadedFiles> load_files(const LoadRequest& request);

/// Validates `document` with the request's options, adding to `loaded.diagnostics`.
void validate_document(LoadedFiles& loaded, const model::Workflow& document);

}  // namespace cli
