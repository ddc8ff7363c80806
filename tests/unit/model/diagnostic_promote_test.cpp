#include <catch2/catch.hpp>

#include "model/diagnostic.hpp"

TEST_CASE("Diagnostics::promote turns only the warnings of one check into errors") {
  util::SourceSet sources;
  const util::SourceFile& file = sources.add("wf.yaml", "a: 1\n");
  model::Diagnostics diagnostics;
  diagnostics.warning({&file, 1, 1}, "unknown-field", "unknown field \"a\" in document");
  diagnostics.warning({&file, 1, 4}, "other-kind", "kept a warning");
  diagnostics.error({&file, 1, 1}, "unknown-field", "already an error");

  diagnostics.promote("unknown-field");

  REQUIRE(diagnostics.all().size() == 3);
  CHECK(diagnostics.all()[0].severity == model::Severity::error);
  CHECK(diagnostics.all()[1].severity == model::Severity::warning);
  CHECK(diagnostics.all()[2].severity == model::Severity::error);
  CHECK(diagnostics.error_count() == 2);
  CHECK(diagnostics.warning_count() == 1);

  diagnostics.promote("no-such-check");
  CHECK(diagnostics.error_count() == 2);
}
