// Kubernetes' `$(VAR)` expansion and resource quantities, as the kubelet applies them.
#include "engine/kube_values.hpp"

#include <catch2/catch.hpp>

using engine::KubeEnv;

TEST_CASE("kube vars: defined names expand, others stay verbatim", "[engine][kube]") {
  const KubeEnv env{{"A", "alpha"}, {"B", "beta"}, {"EMPTY", ""}};
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"$(A)", "alpha"},
      {"x$(A)y$(B)z", "xalphaybetaz"},
      {"$(MISSING)", "$(MISSING)"},
      {"$$(A)", "$(A)"},
      {"$$$(A)", "$alpha"},
      {"$$", "$"},
      {"$A", "$A"},
      {"$", "$"},
      {"$(A", "$(A"},
      {"$()", "$()"},
      {"$(EMPTY)|", "|"},
      {"$(id -u)", "$(id -u)"},
      {"a $(A) $(A)", "a alpha alpha"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.in);
    CHECK(engine::expand_kube_vars(row.in, env) == row.out);
  }
}

TEST_CASE("kube env: a value sees only the variables defined before it", "[engine][kube]") {
  const KubeEnv env{{"A", "1"}, {"B", "$(A)-$(C)"}, {"C", "3"}, {"A", "$(A)$(A)"}};
  const KubeEnv expanded = engine::expand_kube_env(env);
  REQUIRE(expanded.size() == 4);
  CHECK(expanded[1].second == "1-$(C)");
  CHECK(expanded[2].second == "3");
  CHECK(expanded[3].second == "11");  // the latest earlier A
}

TEST_CASE("quantities: cpu becomes --cpus, memory becomes bytes", "[engine][kube]") {
  CHECK(engine::cpu_quantity("500m").value() == "0.5");
  CHECK(engine::cpu_quantity("2").value() == "2");
  CHECK(engine::cpu_quantity("1.25").value() == "1.25");
  CHECK(engine::cpu_quantity("100m").value() == "0.1");
  CHECK(engine::memory_quantity("64Mi").value() == "67108864");
  CHECK(engine::memory_quantity("1Gi").value() == "1073741824");
  CHECK(engine::memory_quantity("1G").value() == "1000000000");
  CHECK(engine::memory_quantity("128974848").value() == "128974848");
  CHECK(engine::memory_quantity("129e6").value() == "129000000");
  CHECK(engine::memory_quantity("1.5Ki").value() == "1536");
  for (const char* bad : {"", "lots", "12Q", "-1", "1..2Mi"}) {
    CAPTURE(bad);
    auto memory = engine::memory_quantity(bad);
    REQUIRE_FALSE(memory.ok());
    CHECK_THAT(memory.error().message, Catch::Contains("quantities must match"));
  }
  CHECK_FALSE(engine::cpu_quantity("0").ok());
}
