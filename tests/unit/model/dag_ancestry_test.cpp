#include "model/dag_ancestry.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

namespace {

model::Step task(const std::string& name, std::vector<std::string> dependencies = {},
                 const std::string& depends = "") {
  model::Step step;
  step.name.value = name;
  for (std::string& d : dependencies) {
    model::Scalar s;
    s.value = std::move(d);
    step.dependencies.push_back(std::move(s));
  }
  step.has_dependencies = !step.dependencies.empty();
  if (!depends.empty()) {
    model::Scalar s;
    s.value = depends;
    step.depends = s;
  }
  return step;
}

}  // namespace

TEST_CASE("DagAncestry: direct dependencies from dependencies and depends") {
  using Names = std::vector<std::string>;
  CHECK(model::DagAncestry::direct_dependencies(task("x", {"a", "b"})) == Names{"a", "b"});
  CHECK(model::DagAncestry::direct_dependencies(
            task("x", {}, "(my-a.Succeeded || b.Failed) && !c")) == Names{"my-a", "b", "c"});
  // A syntax error (reported by check_dag) still names every task it mentions.
  CHECK(model::DagAncestry::direct_dependencies(task("x", {}, "a && (b.Failed ||")) ==
        Names{"a", "b"});
}

TEST_CASE("DagAncestry: ancestors are transitive, with bitsets and with searches") {
  const std::vector<model::Step> tasks = {task("a"), task("b", {"a"}), task("c", {}, "b.Failed"),
                                          task("d"), task("e", {"c", "d"})};
  for (const size_t limit : {model::DagAncestry::k_default_bitset_limit, size_t{0}}) {
    const model::DagAncestry ancestry(tasks, limit);
    const size_t a = ancestry.index_of("a");
    const size_t c = ancestry.index_of("c");
    const size_t d = ancestry.index_of("d");
    const size_t e = ancestry.index_of("e");
    CHECK(ancestry.index_of("nope") == model::DagAncestry::npos);
    CHECK(ancestry.is_ancestor(a, c));
    CHECK(ancestry.is_ancestor(a, e));
    CHECK(ancestry.is_ancestor(d, e));
    CHECK_FALSE(ancestry.is_ancestor(d, c));
    CHECK_FALSE(ancestry.is_ancestor(c, a));
    CHECK_FALSE(ancestry.is_ancestor(e, e));
    CHECK_FALSE(ancestry.is_ancestor(model::DagAncestry::npos, e));
  }
}

TEST_CASE("DagAncestry: cycles do not hang") {
  const std::vector<model::Step> tasks = {task("a", {"c"}), task("b", {"a"}), task("c", {"b"}),
                                          task("d", {"c"})};
  for (const size_t limit : {model::DagAncestry::k_default_bitset_limit, size_t{0}}) {
    const model::DagAncestry ancestry(tasks, limit);
    CHECK(ancestry.is_ancestor(ancestry.index_of("b"), ancestry.index_of("d")));
    CHECK(ancestry.is_ancestor(ancestry.index_of("a"), ancestry.index_of("c")));
  }
}

TEST_CASE("DagAncestry: a deep chain is handled without recursion") {
  std::vector<model::Step> tasks;
  const int count = 10'000;
  for (int i = 0; i < count; ++i) {
    tasks.push_back(i == 0 ? task("t0") : task(fmt::format("t{}", i), {fmt::format("t{}", i - 1)}));
  }
  const model::DagAncestry ancestry(tasks);
  CHECK(ancestry.is_ancestor(0, count - 1));
  CHECK(ancestry.is_ancestor(count / 2, count - 1));
  CHECK_FALSE(ancestry.is_ancestor(count - 1, 0));
}
