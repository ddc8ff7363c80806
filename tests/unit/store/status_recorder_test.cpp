// StatusRecorder: status.json follows the node reports, throttled, and ends exact.
#include "store/status_recorder.hpp"

#include <chrono>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/workflow_json.hpp"

#include "store_test_support.hpp"

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

graph::WorkflowStatus running_status() {
  graph::WorkflowStatus status;
  status.name = "wf";
  status.uid = "0f3a9c2e-1111-4222-8333-444455556666";
  status.entrypoint = "main";
  status.phase = graph::WorkflowPhase::running;
  status.created_at = graph::TimePoint{} + std::chrono::seconds(1700000000);
  status.started_at = status.created_at;
  return status;
}

graph::Node pod(const std::string& id, graph::Phase phase) {
  graph::Node node;
  node.id = id;
  node.name = id;
  node.display_name = id;
  node.type = graph::NodeType::pod;
  node.phase = phase;
  return node;
}

/// status.json parsed; null when it is missing or not one JSON document.
json read_status(const std::string& path) {
  const auto text = store_test::slurp(path);
  return text ? json::parse(*text, nullptr, false) : json();
}

/// Polls status.json until `ok` holds for it (up to 5 s); true when it did.
template <typename Predicate>
bool eventually(const std::string& path, Predicate ok) {
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < until) {
    const json status = read_status(path);
    if (!status.is_discarded() && !status.is_null() && ok(status)) {
      return true;
    }
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

/// The value at `pointer` (e.g. "/status/phase"), or null when it is missing.
json at(const json& status, const std::string& pointer) {
  return status.value(json::json_pointer(pointer), json());
}

std::string node_phase(const json& status, const std::string& id) {
  const json phase = at(status, "/status/nodes/" + id + "/phase");
  return phase.is_string() ? phase.get<std::string>() : "";
}

}  // namespace

TEST_CASE("StatusRecorder: status.json exists from the start, phase Running, no nodes", "[store]") {
  store_test::ScratchDir dir;
  const std::string path = dir / "status.json";
  store::StatusRecorder recorder(path, running_status(), 50ms);
  CHECK(recorder.write_count() == 1);
  const json status = read_status(path);
  REQUIRE(status.is_object());
  CHECK(at(status, "/metadata/name") == "wf");
  CHECK(at(status, "/status/phase") == "Running");
  CHECK(at(status, "/status/nodes").is_null());
}

TEST_CASE("StatusRecorder: a node change reaches status.json without further calls", "[store]") {
  store_test::ScratchDir dir;
  const std::string path = dir / "status.json";
  store::StatusRecorder recorder(path, running_status(), 50ms);
  recorder.on_node(pod("wf", graph::Phase::running));
  CHECK(eventually(path, [](const json& s) { return node_phase(s, "wf") == "Running"; }));
  recorder.on_node(pod("wf", graph::Phase::succeeded));
  CHECK(eventually(path, [](const json& s) { return node_phase(s, "wf") == "Succeeded"; }));
  CHECK_FALSE(recorder.first_error().has_value());
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("StatusRecorder: a burst of changes is written at most once per interval", "[store]") {
  store_test::ScratchDir dir;
  const std::string path = dir / "status.json";
  store::StatusRecorder recorder(path, running_status(), 300ms);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i) {
    recorder.on_node(pod("wf-" + std::to_string(i), graph::Phase::running));
  }
  CHECK(eventually(path, [](const json& s) { return node_phase(s, "wf-199") == "Running"; }));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // The initial write, then the burst: at most one more write per started interval.
  const auto intervals = static_cast<std::size_t>(elapsed / 300ms) + 1;
  CHECK(recorder.write_count() <= 1 + intervals);
  CHECK(recorder.write_count() < 20);
}

TEST_CASE("StatusRecorder: finish() writes the final status exactly, later reports are ignored",
          "[store]") {
  store_test::ScratchDir dir;
  const std::string path = dir / "status.json";
  store::StatusRecorder recorder(path, running_status(), 10s);
  recorder.on_node(pod("wf", graph::Phase::running));
  graph::WorkflowStatus final_status = running_status();
  final_status.phase = graph::WorkflowPhase::failed;
  final_status.message = "child failed";
  final_status.finished_at = *final_status.started_at + 3s;
  final_status.nodes.add(pod("wf", graph::Phase::failed));
  recorder.finish(final_status);
  recorder.on_node(pod("wf", graph::Phase::running));
  CHECK(store_test::slurp(path) == report::workflow_json(final_status));
}

TEST_CASE("StatusRecorder: the destructor writes a change the thread has not written yet",
          "[store]") {
  store_test::ScratchDir dir;
  const std::string path = dir / "status.json";
  {
    store::StatusRecorder recorder(path, running_status(), std::chrono::hours(1));
    recorder.on_node(pod("wf", graph::Phase::running));  // first change: written at once
    CHECK(eventually(path, [](const json& s) { return node_phase(s, "wf") == "Running"; }));
    recorder.on_node(pod("wf", graph::Phase::succeeded));  // held back by the interval
    std::this_thread::sleep_for(50ms);
    CHECK(node_phase(read_status(path), "wf") == "Running");
  }
  CHECK(node_phase(read_status(path), "wf") == "Succeeded");
}

TEST_CASE("StatusRecorder: a node report replaces the node with its ID, keeping others",
          "[store]") {
  store_test::ScratchDir dir;
  const std::string path = dir / "status.json";
  store::StatusRecorder recorder(path, running_status(), 1ms);
  graph::Node parent = pod("wf", graph::Phase::running);
  parent.type = graph::NodeType::steps;
  recorder.on_node(parent);
  recorder.on_node(pod("wf-1", graph::Phase::succeeded));
  parent.children = {"wf-1"};
  parent.phase = graph::Phase::succeeded;
  recorder.on_node(parent);
  CHECK(eventually(path, [](const json& s) {
    return node_phase(s, "wf") == "Succeeded" && node_phase(s, "wf-1") == "Succeeded" &&
           at(s, "/status/nodes/wf/children") == json::array({"wf-1"});
  }));
}

TEST_CASE("StatusRecorder: a failed write is kept as first_error()", "[store]") {
  store_test::ScratchDir dir;
  const std::string path = dir / "missing/status.json";
  store::StatusRecorder recorder(path, running_status(), 1ms);
  auto error = recorder.first_error();
  REQUIRE(error.has_value());
  CHECK(error->code == util::ErrorCode::io);
  CHECK(error->message.rfind("cannot create " + path + ".tmp: ", 0) == 0);
}
