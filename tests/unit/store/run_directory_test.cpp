// RunDirectory: one directory per workflow name, never reused.
#include "store/run_directory.hpp"

#include <filesystem>

#include <catch2/catch.hpp>

#include "store_test_support.hpp"

namespace fs = std::filesystem;

TEST_CASE("RunDirectory::create: runs/<name>/ with logs/, and the paths inside", "[store]") {
  store_test::ScratchDir state;
  auto run = store::RunDirectory::create(state.path(), "hello-x2b4q");
  REQUIRE(run.ok());
  CHECK(run->path() == state / "runs/hello-x2b4q");
  CHECK(run->workflow_path() == state / "runs/hello-x2b4q/workflow.yaml");
  CHECK(run->status_path() == state / "runs/hello-x2b4q/status.json");
  CHECK(run->logs_dir() == state / "runs/hello-x2b4q/logs");
  CHECK(fs::is_directory(run->logs_dir()));
  // The runs may hold secrets a step printed: only the user may enter.
  CHECK((fs::status(state / "runs").permissions() & fs::perms::all) == fs::perms::owner_all);
}

TEST_CASE("RunDirectory::create: makes missing parents of the state directory", "[store]") {
  store_test::ScratchDir base;
  auto run = store::RunDirectory::create(base / "a/b/flowrun", "wf");
  REQUIRE(run.ok());
  CHECK(fs::is_directory(base / "a/b/flowrun/runs/wf/logs"));
}

TEST_CASE("RunDirectory::create: a taken name is refused and the first run is untouched",
          "[store]") {
  store_test::ScratchDir state;
  auto first = store::RunDirectory::create(state.path(), "wf");
  REQUIRE(first.ok());
  store_test::write_text(first->status_path(), "{\"first\": true}\n");
  auto second = store::RunDirectory::create(state.path(), "wf");
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == util::ErrorCode::invalid_input);
  CHECK(second.error().message ==
        "a run named \"wf\" already exists (" + (state / "runs/wf") + ")");
  CHECK(store_test::slurp(first->status_path()) == "{\"first\": true}\n");
  // Another name is still fine.
  CHECK(store::RunDirectory::create(state.path(), "wf-2").ok());
}

TEST_CASE("RunDirectory::create: a name that is not one path component is a bug", "[store]") {
  store_test::ScratchDir state;
  for (const char* name : {"", ".", "..", "../escape", "a/b"}) {
    auto run = store::RunDirectory::create(state.path(), name);
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().code == util::ErrorCode::internal);
  }
  CHECK_FALSE(fs::exists(state / "escape"));
}

TEST_CASE("RunDirectory::create: a state directory that cannot exist is an io error", "[store]") {
  store_test::ScratchDir base;
  store_test::write_text(base / "file", "not a directory");
  auto run = store::RunDirectory::create(base / "file/state", "wf");
  REQUIRE_FALSE(run.ok());
  CHECK(run.error().code == util::ErrorCode::io);
  CHECK(run.error().message.rfind("cannot create " + (base / "file/state/runs") + ": ", 0) == 0);
}

TEST_CASE("RunDirectory::write_workflow: the submitted bytes, as they were read", "[store]") {
  store_test::ScratchDir state;
  auto run = store::RunDirectory::create(state.path(), "wf");
  REQUIRE(run.ok());
  const std::string text = "kind: Workflow\r\nmetadata: {name: wf}  # comment\n\n";
  CHECK_FALSE(run->write_workflow(text).has_value());
  CHECK(store_test::slurp(run->workflow_path()) == text);
}
