#include "support/preflight_fixture.hpp"

#include <catch2/catch.hpp>

#include "support/lint_fixture.hpp"

namespace testing {

std::vector<std::string> preflight_lines(const std::string& yaml,
                                         const engine::PreflightOptions& options) {
  const auto linted = load_text(yaml);
  REQUIRE(!linted->documents.empty());
  std::vector<std::string> lines;
  for (const engine::Unsupported& found :
       engine::preflight(linted->documents.front(), nullptr, "", options)) {
    lines.push_back(std::to_string(found.loc.line) + ":" + std::to_string(found.loc.column) + ": " +
                    found.message);
  }
  return lines;
}

}  // namespace testing
