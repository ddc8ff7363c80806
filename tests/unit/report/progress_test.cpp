#include "report/progress.hpp"

#include <catch2/catch.hpp>

#include "report_fixtures.hpp"

using graph::NodeType;
using graph::Phase;
using report_test::RunBuilder;

TEST_CASE("pods count 0/1 until they succeed; parents sum their children", "[report][progress]") {
  graph::WorkflowStatus run = report_test::steps_run();
  const graph::Node& hello1 = *run.nodes.find_by_name("steps-z2zdn[0].hello1");
  CHECK(report::node_progress(run.nodes, hello1).to_string() == "1/1");
  // The root reaches every pod once, through the groups and hello1's link to [1].
  const graph::Node& root = *run.nodes.find("steps-z2zdn");
  CHECK(report::node_progress(run.nodes, root).to_string() == "3/3");
  CHECK(report::node_progress(run.nodes, *run.nodes.find_by_name("steps-z2zdn[1]")).to_string() ==
        "2/2");
  CHECK(report::workflow_progress(run.nodes).to_string() == "3/3");

  run.nodes.set_phase(hello1.id, Phase::failed);
  run.nodes.set_phase(run.nodes.find_by_name("steps-z2zdn[1].hello2a")->id, Phase::running);
  CHECK(report::workflow_progress(run.nodes).to_string() == "1/3");
}

TEST_CASE("a DAG diamond counts the shared task once", "[report][progress]") {
  const std::string wf = "d";
  RunBuilder run(wf);
  run.add(wf, NodeType::dag, "", "main", Phase::running, 0);
  run.add(wf + ".A", NodeType::pod, wf, "t", Phase::succeeded, 0, 1);
  run.add(wf + ".B", NodeType::pod, wf, "t", Phase::succeeded, 1, 2);
  run.add(wf + ".C", NodeType::pod, wf, "t", Phase::skipped, 1, 2);
  run.add(wf + ".D", NodeType::pod, wf, "t", Phase::pending);
  run.link(wf, wf + ".A")
      .link(wf + ".A", wf + ".B")
      .link(wf + ".A", wf + ".C")
      .link(wf + ".B", wf + ".D")
      .link(wf + ".C", wf + ".D");
  const graph::NodeGraph& nodes = run.status().nodes;
  CHECK(report::node_progress(nodes, *nodes.find(wf)).to_string() == "3/4");
  CHECK(report::workflow_progress(nodes).to_string() == "3/4");
}

TEST_CASE("nodes with no executable descendants have an invalid 0/0", "[report][progress]") {
  RunBuilder run("w");
  run.add("w", NodeType::steps, "", "main", Phase::running, 0);
  run.add("w[0]", NodeType::step_group, "w", "main", Phase::running, 0);
  run.add("w[0].s", NodeType::skipped, "w", "t", Phase::skipped, 0, 0);
  run.add("w[0].gate", NodeType::suspend, "w", "gate", Phase::running, 0);
  run.link("w", "w[0]").link("w[0]", "w[0].s");
  const graph::NodeGraph& nodes = run.status().nodes;
  const report::Progress root = report::node_progress(nodes, *nodes.find("w"));
  CHECK(root.to_string() == "0/0");
  CHECK_FALSE(root.is_valid());
  // Suspend nodes are executable; Skipped-type nodes are not.
  CHECK(report::node_progress(nodes, *nodes.find_by_name("w[0].gate")).to_string() == "0/1");
  CHECK(report::workflow_progress(nodes).to_string() == "0/1");
  CHECK(report::workflow_progress(graph::NodeGraph{}).to_string() == "0/0");
}
