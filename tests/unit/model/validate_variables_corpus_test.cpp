// Hidden by default ([.corpus]): runs check_variables over Argo's own examples, which Argo's
// CI accepts, and lists what it reports. Run: flowrun_tests "[corpus]" -s
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "model/diagnostic.hpp"
#include "model/loader.hpp"
#include "model/validate.hpp"
#include "util/source.hpp"

namespace {

std::vector<std::filesystem::path> example_files(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("check_variables accepts Argo's examples", "[.corpus]") {
  const std::filesystem::path root =
      std::filesystem::path(FLOWRUN_SOURCE_DIR) / ".." / "shared" / "argo" / "examples";
  if (!std::filesystem::exists(root)) {
    WARN("Argo examples not found at " << root.string() << ": skipped");
    return;
  }
  util::SourceSet sources;
  std::vector<std::vector<model::Workflow>> documents;
  model::Diagnostics load_diagnostics;
  for (const auto& path : example_files(root)) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const util::SourceFile& file =
        sources.add(std::filesystem::relative(path, root).string(), text.str());
    documents.push_back(model::load_documents(file, load_diagnostics));
  }
  model::TemplateLibrary library;
  for (const auto& file_documents : documents) {
    library.add_all(file_documents);
  }
  size_t count = 0;
  size_t hits = 0;
  for (const auto& file_documents : documents) {
    for (const model::Workflow& document : file_documents) {
      ++count;
      model::Diagnostics diagnostics;
      model::validate(document, library, {}, diagnostics);
      for (const model::Diagnostic& d : diagnostics.all()) {
        if (d.check == "unresolved-variable" || d.check == "dag-missing-dependency") {
          ++hits;
          fmt::print("{}: {}: {}\n", d.loc.to_string(), model::to_string(d.severity), d.message);
        }
      }
    }
  }
  fmt::print("{} documents, {} variable diagnostics\n", count, hits);
  CHECK(count > 0);
  CHECK(hits == 0);
}
