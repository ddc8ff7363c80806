#include "support/lint_fixture.hpp"

#include <fmt/format.h>

namespace testing {

std::vector<model::Diagnostic> Linted::with_check(const std::string& check) const {
  std::vector<model::Diagnostic> out;
  for (const model::Diagnostic& d : diagnostics.all()) {
    if (d.check == check) {
      out.push_back(d);
    }
  }
  return out;
}

namespace {

std::string line_of(const model::Diagnostic& d) {
  return fmt::format("{}:{}: {}: {}", d.loc.line, d.loc.column, model::to_string(d.severity),
                     d.message);
}

}  // namespace

std::vector<std::string> Linted::lines() const {
  std::vector<std::string> out;
  for (const model::Diagnostic& d : diagnostics.all()) {
    out.push_back(line_of(d));
  }
  return out;
}

std::vector<std::string> Linted::lines(std::initializer_list<std::string_view> checks) const {
  std::vector<std::string> out;
  for (const model::Diagnostic& d : diagnostics.all()) {
    for (std::string_view check : checks) {
      if (d.check == check) {
        out.push_back(line_of(d));
        break;
      }
    }
  }
  return out;
}

std::unique_ptr<Linted> load_text(const std::string& yaml) {
  auto linted = std::make_unique<Linted>();
  const util::SourceFile& file = linted->sources.add("wf.yaml", yaml);
  linted->documents = model::load_documents(file, linted->diagnostics);
  return linted;
}

std::unique_ptr<Linted> lint_text(const std::string& yaml, const model::ValidateOptions& options) {
  auto linted = load_text(yaml);
  model::TemplateLibrary library;
  library.add_all(linted->documents);
  for (const model::Workflow& document : linted->documents) {
    model::validate(document, library, options, linted->diagnostics);
  }
  return linted;
}

}  // namespace testing
