/// Test helper: load YAML text and validate it, keeping everything alive for assertions.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/loader.hpp"
#include "model/validate.hpp"
#include "util/source.hpp"

namespace testing {

struct Linted {
  util::SourceSet sources;
  std::vector<model::Workflow> documents;
  model::Diagnostics diagnostics;

  /// Diagnostics whose check is `check`.
  std::vector<model::Diagnostic> with_check(const std::string& check) const;
  /// "line:col: severity: message" for each diagnostic, in order: easy to compare exactly.
  std::vector<std::string> lines() const;
  /// The same, only for diagnostics whose check is one of `checks`, so a test does not
  /// depend on what other checks say about the same manifest.
  std::vector<std::string> lines(std::initializer_list<std::string_view> checks) const;
};

/// Loads `yaml` as file "wf.yaml", then validates every Workflow document in it.
std::unique_ptr<Linted> lint_text(const std::string& yaml,
                                  const model::ValidateOptions& options = {});

/// Only loads (no validation).
std::unique_ptr<Linted> load_text(const std::string& yaml);

}  // namespace testing
