#include "graph/node_graph.hpp"

#include <chrono>
#include <string>

#include <catch2/catch.hpp>

#include "graph/naming.hpp"

namespace {

graph::Node make_node(const std::string& wf, const std::string& name, graph::NodeType type,
                      const std::string& boundary_name = "") {
  graph::Node node;
  node.id = graph::node_id(wf, name);
  node.name = name;
  node.display_name = graph::display_name(name, boundary_name);
  node.type = type;
  if (!boundary_name.empty()) {
    node.boundary_id = graph::node_id(wf, boundary_name);
  }
  return node;
}

}  // namespace

TEST_CASE("a new node starts Pending with no times or outputs", "[graph][node]") {
  const graph::Node node;
  CHECK(node.phase == graph::Phase::pending);
  CHECK(node.type == graph::NodeType::pod);
  CHECK_FALSE(node.started_at.has_value());
  CHECK_FALSE(node.finished_at.has_value());
  CHECK_FALSE(node.outputs.result.has_value());
  CHECK_FALSE(node.outputs.exit_code.has_value());
  CHECK(node.outputs.parameters.empty());
  CHECK_FALSE(node.daemoned);
}

TEST_CASE("NodeGraph finds nodes by ID and by name", "[graph][node]") {
  const std::string wf = "steps-z2zdn";
  graph::NodeGraph g;
  REQUIRE(g.add(make_node(wf, wf, graph::NodeType::steps)));
  REQUIRE(g.add(make_node(wf, wf + "[0]", graph::NodeType::step_group, wf)));
  REQUIRE(g.add(make_node(wf, wf + "[0].hello1", graph::NodeType::pod, wf)));
  CHECK(g.size() == 3);

  const graph::Node* hello = g.find("steps-z2zdn-27420706");
  REQUIRE(hello != nullptr);
  CHECK(hello->name == "steps-z2zdn[0].hello1");
  CHECK(hello->display_name == "hello1");
  CHECK(hello->boundary_id == "steps-z2zdn");
  CHECK(g.find_by_name("steps-z2zdn[0].hello1") == hello);
  CHECK(g.find_by_name("steps-z2zdn[0]")->display_name == "[0]");
  CHECK(g.find("steps-z2zdn")->type == graph::NodeType::steps);

  CHECK(g.find("nope") == nullptr);
  CHECK(g.find_by_name("steps-z2zdn[1]") == nullptr);
  const graph::NodeGraph& cg = g;
  CHECK(cg.find("steps-z2zdn-27420706") == hello);
  CHECK(cg.find_by_name("nope") == nullptr);
}

TEST_CASE("NodeGraph refuses duplicate IDs, names and empty IDs", "[graph][node]") {
  graph::NodeGraph g;
  REQUIRE(g.add(make_node("wf", "wf", graph::NodeType::dag)));
  CHECK_FALSE(g.add(make_node("wf", "wf", graph::NodeType::pod)));

  graph::Node same_name = make_node("wf", "wf.a", graph::NodeType::pod);
  REQUIRE(g.add(same_name));
  same_name.id = "other-id";
  CHECK_FALSE(g.add(same_name));

  graph::Node no_id;
  no_id.name = "x";
  CHECK_FALSE(g.add(no_id));
  CHECK(g.size() == 2);
  CHECK(g.find("wf")->type == graph::NodeType::dag);
  CHECK(g.find("other-id") == nullptr);
}

TEST_CASE("NodeGraph keeps children in order without duplicates", "[graph][node]") {
  graph::NodeGraph g;
  REQUIRE(g.add(make_node("wf", "wf", graph::NodeType::dag)));
  REQUIRE(g.add(make_node("wf", "wf.b", graph::NodeType::pod, "wf")));
  REQUIRE(g.add(make_node("wf", "wf.a", graph::NodeType::pod, "wf")));
  const std::string a = graph::node_id("wf", "wf.a");
  const std::string b = graph::node_id("wf", "wf.b");

  CHECK(g.add_child("wf", b));
  CHECK(g.add_child("wf", a));
  CHECK(g.add_child("wf", b));
  CHECK_FALSE(g.add_child("wf", "missing"));
  CHECK_FALSE(g.add_child("missing", a));

  const auto children = g.children("wf");
  REQUIRE(children.size() == 2);
  CHECK(children[0]->name == "wf.b");
  CHECK(children[1]->name == "wf.a");
  CHECK(g.find("wf")->children == std::vector<std::string>{b, a});
  CHECK(g.children(a).empty());
  CHECK(g.children("missing").empty());

  // IDs that name no node are skipped rather than returned as null.
  g.find("wf")->children.push_back("dangling");
  CHECK(g.children("wf").size() == 2);
}

TEST_CASE("NodeGraph sets phases and messages", "[graph][node]") {
  graph::NodeGraph g;
  REQUIRE(g.add(make_node("wf", "wf", graph::NodeType::steps)));
  CHECK(g.set_phase("wf", graph::Phase::running));
  CHECK(g.find("wf")->phase == graph::Phase::running);
  CHECK(g.find("wf")->message.empty());

  CHECK(g.set_phase("wf", graph::Phase::failed, "child 'wf-123' failed"));
  CHECK(g.find("wf")->phase == graph::Phase::failed);
  CHECK(g.find("wf")->message == "child 'wf-123' failed");
  CHECK_FALSE(g.set_phase("missing", graph::Phase::error, "x"));

  // Other fields are plain data on the found node.
  graph::Node* node = g.find("wf");
  node->started_at = std::chrono::system_clock::time_point(std::chrono::seconds(10));
  node->outputs.exit_code = "1";
  node->outputs.parameters.emplace_back("out", "v");
  CHECK(g.nodes().front().outputs.exit_code == "1");
  CHECK(g.nodes().front().outputs.parameters.size() == 1);
  CHECK(g.nodes().front().started_at->time_since_epoch() == std::chrono::seconds(10));
}
