/// Helpers shared by the retry engine tests (run_retry_test.cpp, run_retry_backoff_test.cpp).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "support/engine_fixture.hpp"

namespace retry_test {

using Names = std::vector<std::string>;

/// A workflow "wf" whose entrypoint `main` runs one step `flaky` of template `leaf`;
/// `leaf_extra` goes into the leaf template (indented by 4), `spec_extra` into spec.
inline std::string one_step(const std::string& leaf_extra, const std::string& spec_extra = "") {
  return R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
)" + spec_extra +
         R"(  templates:
  - name: main
    steps:
    - - name: flaky
        template: leaf
  - name: leaf
)" + leaf_extra +
         R"(    container:
      image: busybox
)";
}

inline std::vector<long long> start_times(const testing::EngineRun& run, const Names& names) {
  std::vector<long long> out;
  for (const std::string& name : names) {
    out.push_back(run.started(name));
  }
  return out;
}

/// True when the run went through `transition` (see EngineRun::transitions()).
inline bool saw(const testing::EngineRun& run, const std::string& transition) {
  const auto& all = run.transitions();
  return std::find(all.begin(), all.end(), transition) != all.end();
}

}  // namespace retry_test
