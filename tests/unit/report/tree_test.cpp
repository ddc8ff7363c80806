#include "report/tree.hpp"

#include <chrono>
#include <initializer_list>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "report/node_tree.hpp"

#include "report_fixtures.hpp"

// Expected tables were laid out by hand from Argo's printer rules (cmd/argo/commands/common/
// get.go): column width = widest cell + 2, every cell of a column padded, the MESSAGE cell
// too (rows end in "<message>\t\n"), so rows carry trailing spaces.

namespace {

using graph::NodeType;
using graph::Phase;
using report_test::at;
using report_test::RunBuilder;

std::string sp(std::size_t n) {
  return std::string(n, ' ');
}

std::string lines(std::initializer_list<std::string> rows) {
  std::string out;
  for (const std::string& row : rows) {
    out += row;
    out += '\n';
  }
  return out;
}

report::TreeOptions plain(graph::TimePoint now) {
  report::TreeOptions options;
  options.utf8 = true;
  options.color = false;
  options.now = now;
  return options;
}

/// The text with trailing spaces removed from every line, as Argo's docs show tables.
std::string without_trailing_spaces(const std::string& text) {
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("argo get of the steps walk-through, exactly", "[report][tree]") {
  const graph::WorkflowStatus run = report_test::steps_run();
  const std::string expected = lines({
      "Name:                steps-z2zdn",
      "Namespace:           default",
      "ServiceAccount:      unset (will run with the default ServiceAccount)",
      "Status:              Succeeded",
      "Created:             Tue Jan 02 03:04:05 +0000 (2 minutes ago)",
      "Started:             Tue Jan 02 03:04:05 +0000 (2 minutes ago)",
      "Finished:            Tue Jan 02 03:04:13 +0000 (2 minutes ago)",
      "Duration:            8 seconds",
      "Progress:            3/3",
      "",
      "STEP            TEMPLATE           PODNAME                               DURATION  MESSAGE",
      " ✔ steps-z2zdn  hello-hello-hello" + sp(52),
      " ├───✔ hello1   print-message      steps-z2zdn-print-message-27420706    2s" + sp(10),
      " └─┬─✔ hello2a  print-message      steps-z2zdn-print-message-2006760091  3s" + sp(10),
      "   └─✔ hello2b  print-message      steps-z2zdn-print-message-2023537710  3s" + sp(10),
  });
  CHECK(report::render_tree(run, plain(at(128))) == expected);
}

TEST_CASE("the steps table matches Argo's own output in docs/walk-through/steps.md",
          "[report][tree]") {
  // The walk-through ran with v1 pod names (the node ID); the annotation selects them when
  // the engine recorded none.
  graph::WorkflowStatus run = report_test::steps_run();
  run.annotations = {{"workflows.argoproj.io/pod-name-format", "v1"}};
  for (const graph::Node& node : run.nodes.nodes()) {
    run.nodes.find(node.id)->pod_name.clear();
  }
  const std::string argo_docs = lines({
      "STEP            TEMPLATE           PODNAME                 DURATION  MESSAGE",
      " ✔ steps-z2zdn  hello-hello-hello",
      " ├───✔ hello1   print-message      steps-z2zdn-27420706    2s",
      " └─┬─✔ hello2a  print-message      steps-z2zdn-2006760091  3s",
      "   └─✔ hello2b  print-message      steps-z2zdn-2023537710  3s",
  });
  CHECK(without_trailing_spaces(report::render_node_table(run, plain(at(128)))) == argo_docs);
}

TEST_CASE("colour wraps icons and STEP in ANSI codes without moving the columns",
          "[report][tree]") {
  report::TreeOptions options = plain(at(128));
  options.color = true;
  const std::string expected = lines({
      "\x1b[39mSTEP\x1b[0m            TEMPLATE           PODNAME                               "
      "DURATION  MESSAGE",
      " \x1b[32m✔\x1b[0m steps-z2zdn  hello-hello-hello" + sp(52),
      " ├───\x1b[32m✔\x1b[0m hello1   print-message      steps-z2zdn-print-message-27420706    2s" +
          sp(10),
      " └─┬─\x1b[32m✔\x1b[0m hello2a  print-message      steps-z2zdn-print-message-2006760091  "
      "3s" +
          sp(10),
      "   └─\x1b[32m✔\x1b[0m hello2b  print-message      steps-z2zdn-print-message-2023537710  "
      "3s" +
          sp(10),
  });
  CHECK(report::render_node_table(report_test::steps_run(), options) == expected);
}

TEST_CASE("--no-utf8 draws ASCII branches and phase words", "[report][tree]") {
  report::TreeOptions options = plain(at(128));
  options.utf8 = false;
  const std::string expected = lines({
      "STEP                    TEMPLATE           PODNAME                               DURATION  "
      "MESSAGE",
      " Succeeded steps-z2zdn  hello-hello-hello" + sp(52),
      " |---Succeeded hello1   print-message      steps-z2zdn-print-message-27420706    2s" +
          sp(10),
      " `-+-Succeeded hello2a  print-message      steps-z2zdn-print-message-2006760091  3s" +
          sp(10),
      "   `-Succeeded hello2b  print-message      steps-z2zdn-print-message-2023537710  3s" +
          sp(10),
  });
  CHECK(report::render_node_table(report_test::steps_run(), options) == expected);
}

TEST_CASE("a failed workflow shows its message, parameters and outputs", "[report][tree]") {
  const std::string wf = "fail-x7k2p";
  RunBuilder run(wf);
  const std::string failure = "child 'fail-x7k2p-1234' failed";
  run.add(wf, NodeType::steps, "", "main", Phase::failed, 0, 5).message = failure;
  run.add(wf + "[0]", NodeType::step_group, wf, "main", Phase::failed, 0, 5);
  run.add(wf + "[0].flaky", NodeType::pod, wf, "whalesay", Phase::failed, 0, 4).message =
      "Error (exit code 1)";
  run.link(wf, wf + "[0]").link(wf + "[0]", wf + "[0].flaky");
  graph::WorkflowStatus& status = run.status();
  status.namespace_name = "argo";
  status.phase = graph::WorkflowPhase::failed;
  status.message = failure;
  status.started_at = at(0);
  status.finished_at = at(5);
  status.parameters = {{"message", "hello"}};
  status.output_parameters = {{"result", "42"}};

  const std::string expected = lines({
      "Name:                fail-x7k2p",
      "Namespace:           argo",
      "ServiceAccount:      unset (will run with the default ServiceAccount)",
      "Status:              Failed",
      "Message:             child 'fail-x7k2p-1234' failed",
      "Created:             Tue Jan 02 03:04:05 +0000 (10 seconds ago)",
      "Started:             Tue Jan 02 03:04:05 +0000 (10 seconds ago)",
      "Finished:            Tue Jan 02 03:04:10 +0000 (5 seconds ago)",
      "Duration:            5 seconds",
      "Progress:            0/1",
      "Parameters:          ",
      "  message:           hello",
      "Output Parameters:   ",
      "  result:            42",
      "",
      "STEP           TEMPLATE  PODNAME                         DURATION  MESSAGE",
      " ✖ fail-x7k2p  main                                                child 'fail-x7k2p-1234' "
      "failed" +
          sp(2),
      " └───✖ flaky   whalesay  fail-x7k2p-whalesay-1760449369  4s        Error (exit code 1)" +
          sp(13),
  });
  CHECK(report::render_tree(status, plain(at(10))) == expected);
}

TEST_CASE("a Retry node with two attempts is drawn with its attempts under it", "[report][tree]") {
  const std::string wf = "retry-q8x";
  RunBuilder run(wf);
  run.add(wf, NodeType::steps, "", "main", Phase::succeeded, 0, 3);
  run.add(wf + "[0]", NodeType::step_group, wf, "main", Phase::succeeded, 0, 3);
  run.add(wf + "[0].flaky", NodeType::retry, wf, "flaky", Phase::succeeded, 0, 3);
  run.add(wf + "[0].flaky(0)", NodeType::pod, wf, "flaky", Phase::failed, 0, 1).message =
      "Error (exit code 1)";
  run.add(wf + "[0].flaky(1)", NodeType::pod, wf, "flaky", Phase::succeeded, 2, 3);
  run.link(wf, wf + "[0]")
      .link(wf + "[0]", wf + "[0].flaky")
      .link(wf + "[0].flaky", wf + "[0].flaky(0)")
      .link(wf + "[0].flaky", wf + "[0].flaky(1)");
  const std::string expected = lines({
      "STEP               TEMPLATE  PODNAME                     DURATION  MESSAGE",
      " ✔ retry-q8x       main" + sp(65),
      " └───✔ flaky       flaky" + sp(64),
      "     ├─✖ flaky(0)  flaky     retry-q8x-flaky-1990283919  1s        Error (exit code 1)" +
          sp(2),
      "     └─✔ flaky(1)  flaky     retry-q8x-flaky-3668192914  1s" + sp(29),
  });
  CHECK(report::render_node_table(run.status(), plain(at(10))) == expected);
}

TEST_CASE("a Retry node with a single attempt is hidden behind it", "[report][tree]") {
  const std::string wf = "retry-q8x";
  RunBuilder run(wf);
  run.add(wf, NodeType::steps, "", "main", Phase::succeeded, 0, 1);
  run.add(wf + "[0]", NodeType::step_group, wf, "main", Phase::succeeded, 0, 1);
  run.add(wf + "[0].flaky", NodeType::retry, wf, "flaky", Phase::succeeded, 0, 1);
  run.add(wf + "[0].flaky(0)", NodeType::pod, wf, "flaky", Phase::succeeded, 0, 1);
  run.link(wf, wf + "[0]")
      .link(wf + "[0]", wf + "[0].flaky")
      .link(wf + "[0].flaky", wf + "[0].flaky(0)");
  const std::string expected = lines({
      "STEP             TEMPLATE  PODNAME                     DURATION  MESSAGE",
      " ✔ retry-q8x     main" + sp(46),
      " └───✔ flaky(0)  flaky     retry-q8x-flaky-1990283919  1s" + sp(10),
  });
  CHECK(report::render_node_table(run.status(), plain(at(10))) == expected);
}

TEST_CASE("loop children sort by start second, then loop index, not by name", "[report][tree]") {
  const std::string wf = "loops-p4m";
  RunBuilder run(wf);
  run.add(wf, NodeType::steps, "", "loop-main", Phase::succeeded, 0, 3);
  run.add(wf + "[0]", NodeType::step_group, wf, "loop-main", Phase::succeeded, 0, 3);
  // Added out of order; print(3:d) started a second earlier than the rest, and print(2:c)
  // 0.9 s into the same second as the others (Argo only sees whole seconds).
  run.add(wf + "[0].print(10:k)", NodeType::pod, wf, "print", Phase::succeeded, 1, 3);
  run.add(wf + "[0].print(2:c)", NodeType::pod, wf, "print", Phase::succeeded, 1, 3).started_at =
      at(1) + std::chrono::milliseconds(900);
  run.add(wf + "[0].print(0:a)", NodeType::pod, wf, "print", Phase::succeeded, 1, 3);
  run.add(wf + "[0].print(3:d)", NodeType::pod, wf, "print", Phase::succeeded, 0, 3);
  run.add(wf + "[0].print(1:b)", NodeType::pod, wf, "print", Phase::succeeded, 1, 3);
  run.link(wf, wf + "[0]");
  for (const char* item : {"print(10:k)", "print(2:c)", "print(0:a)", "print(3:d)", "print(1:b)"}) {
    run.link(wf + "[0]", wf + "[0]." + item);
  }
  const std::string expected = lines({
      "STEP                TEMPLATE   PODNAME                     DURATION  MESSAGE",
      " ✔ loops-p4m        loop-main" + sp(42),
      " └─┬─✔ print(3:d)   print      loops-p4m-print-4076905413  3s" + sp(10),
      "   ├─✔ print(0:a)   print      loops-p4m-print-2214095267  2s" + sp(10),
      "   ├─✔ print(1:b)   print      loops-p4m-print-102309409   2s" + sp(10),
      "   ├─✔ print(2:c)   print      loops-p4m-print-1163224435  2s" + sp(10),
      "   └─✔ print(10:k)  print      loops-p4m-print-1664773248  2s" + sp(10),
  });
  CHECK(report::render_node_table(run.status(), plain(at(10))) == expected);
}

TEST_CASE("skipped nodes show, omitted ones are hidden, onExit follows an empty row",
          "[report][tree]") {
  const std::string wf = "exit-h2k";
  RunBuilder run(wf);
  run.add(wf, NodeType::steps, "", "main", Phase::succeeded, 0, 3);
  run.add(wf + "[0]", NodeType::step_group, wf, "main", Phase::succeeded, 0, 1);
  run.add(wf + "[0].heads", NodeType::pod, wf, "flip", Phase::succeeded, 0, 1);
  run.add(wf + "[0].tails", NodeType::skipped, wf, "flip", Phase::skipped, 0, 0).message =
      "when 'heads == tails' evaluated false";
  // Hidden, yet it still takes the last place: Argo leaves `tails` with a ├─ branch.
  run.add(wf + "[0].zzz", NodeType::skipped, wf, "flip", Phase::omitted, 0, 0);
  run.add(wf + ".onExit", NodeType::pod, "", "exit-handler", Phase::succeeded, 2, 3).hooked = true;
  run.link(wf, wf + "[0]")
      .link(wf + "[0]", wf + "[0].zzz")
      .link(wf + "[0]", wf + "[0].tails")
      .link(wf + "[0]", wf + "[0].heads");
  const std::string expected = lines({
      "STEP                TEMPLATE      PODNAME                           DURATION  MESSAGE",
      " ✔ exit-h2k         main" + sp(93),
      " └─┬─✔ heads        flip          exit-h2k-flip-1854982282          1s" + sp(47),
      "   ├─○ tails        flip                                                      when 'heads "
      "== tails' evaluated false" +
          sp(2),
      sp(117),
      " ✔ exit-h2k.onExit  exit-handler  exit-h2k-exit-handler-2708623486  1s" + sp(47),
  });
  CHECK(report::render_node_table(run.status(), plain(at(10))) == expected);
}

TEST_CASE("DAG tasks hang flat under the DAG; a TaskGroup is not drawn (ASCII, colour)",
          "[report][tree]") {
  const std::string wf = "dag-d7q";
  RunBuilder run(wf);
  run.add(wf, NodeType::dag, "", "diamond", Phase::succeeded, 0, 7);
  run.add(wf + ".D", NodeType::pod, wf, "echo", Phase::succeeded, 5, 6);
  run.add(wf + ".C", NodeType::pod, wf, "echo", Phase::succeeded, 2, 4);
  run.add(wf + ".B", NodeType::pod, wf, "echo", Phase::succeeded, 2, 3);
  run.add(wf + ".A", NodeType::pod, wf, "echo", Phase::succeeded, 0, 1);
  run.add(wf + ".fan", NodeType::task_group, wf, "", Phase::succeeded, 5, 7);
  run.add(wf + ".fan(1:y)", NodeType::pod, wf, "echo", Phase::succeeded, 5, 6);
  run.add(wf + ".fan(0:x)", NodeType::pod, wf, "echo", Phase::succeeded, 5, 7);
  run.link(wf, wf + ".A")
      .link(wf + ".A", wf + ".B")
      .link(wf + ".A", wf + ".C")
      .link(wf + ".B", wf + ".D")
      .link(wf + ".C", wf + ".D")
      .link(wf + ".A", wf + ".fan")
      .link(wf + ".fan", wf + ".fan(0:x)")
      .link(wf + ".fan", wf + ".fan(1:y)");
  report::TreeOptions options = plain(at(10));
  options.utf8 = false;
  options.color = true;
  const std::string expected = lines({
      "\x1b[39mSTEP\x1b[0m                   TEMPLATE  PODNAME                  DURATION  MESSAGE",
      " \x1b[32mSucceeded\x1b[0m dag-d7q     diamond" + sp(40),
      " |-\x1b[32mSucceeded\x1b[0m A         echo      dag-d7q-echo-2241801471  1s" + sp(10),
      " |-\x1b[32mSucceeded\x1b[0m B         echo      dag-d7q-echo-2258579090  1s" + sp(10),
      " |-\x1b[32mSucceeded\x1b[0m C         echo      dag-d7q-echo-2275356709  2s" + sp(10),
      " |-\x1b[32mSucceeded\x1b[0m D         echo      dag-d7q-echo-2157913376  1s" + sp(10),
      " |-\x1b[32mSucceeded\x1b[0m fan(0:x)  echo      dag-d7q-echo-2174659078  2s" + sp(10),
      " `-\x1b[32mSucceeded\x1b[0m fan(1:y)  echo      dag-d7q-echo-132249362   1s" + sp(10),
  });
  CHECK(report::render_node_table(run.status(), options) == expected);
}

TEST_CASE("a running workflow: suspend icon, pending pod, durations up to now", "[report][tree]") {
  const std::string wf = "approval-z9";
  RunBuilder run(wf);
  run.add(wf, NodeType::steps, "", "main", Phase::running, 0);
  run.add(wf + "[0]", NodeType::step_group, wf, "main", Phase::succeeded, 0, 65);
  run.add(wf + "[0].build", NodeType::pod, wf, "build", Phase::succeeded, 0, 65);
  run.add(wf + "[1]", NodeType::step_group, wf, "main", Phase::running, 66);
  run.add(wf + "[1].warmup", NodeType::pod, wf, "warm", Phase::running, 66);
  run.add(wf + "[1].approve", NodeType::suspend, wf, "approve", Phase::running, 66);
  run.add(wf + "[1].queued", NodeType::pod, wf, "warm", Phase::pending);
  run.link(wf, wf + "[0]")
      .link(wf + "[0]", wf + "[0].build")
      .link(wf + "[0].build", wf + "[1]")
      .link(wf + "[1]", wf + "[1].warmup")
      .link(wf + "[1]", wf + "[1].approve")
      .link(wf + "[1]", wf + "[1].queued");
  graph::WorkflowStatus& status = run.status();
  status.phase = graph::WorkflowPhase::running;
  status.started_at = at(0);
  report::TreeOptions options = plain(at(3791));
  options.color = true;
  const std::string expected = lines({
      "Name:                approval-z9",
      "Namespace:           default",
      "ServiceAccount:      unset (will run with the default ServiceAccount)",
      "Status:              Running (Suspended)",
      "Created:             Tue Jan 02 03:04:05 +0000 (1 hour ago)",
      "Started:             Tue Jan 02 03:04:05 +0000 (1 hour ago)",
      "Duration:            1 hour 3 minutes",
      "Progress:            1/4",
      "",
      "\x1b[39mSTEP\x1b[0m            TEMPLATE  PODNAME                       DURATION  MESSAGE",
      " \x1b[36m●\x1b[0m approval-z9  main" + sp(48),
      " ├───\x1b[32m✔\x1b[0m build    build     approval-z9-build-3738471476  1m" + sp(10),
      " └─┬─\x1b[33m◷\x1b[0m queued   warm      approval-z9-warm-1902787474   0s" + sp(10),
      "   ├─\x1b[36mǁ\x1b[0m approve  approve" + sp(45),
      "   └─\x1b[36m●\x1b[0m warmup   warm      approval-z9-warm-4114495483   1h" + sp(10),
  });
  CHECK(report::render_tree(status, options) == expected);
}

TEST_CASE("the header without a root node: no tree, Pending or Unknown", "[report][tree]") {
  graph::WorkflowStatus status;
  status.name = "queued-abc";
  status.created_at = at(0);
  status.phase = graph::WorkflowPhase::pending;
  const std::string pending = lines({
      "Name:                queued-abc",
      "Namespace:           default",
      "ServiceAccount:      unset (will run with the default ServiceAccount)",
      "Status:              Pending",
      "Created:             Tue Jan 02 03:04:05 +0000 (now)",
      "Progress:            0/0",
  });
  CHECK(report::render_tree(status, plain(at(0) + std::chrono::milliseconds(999))) == pending);

  // Not picked up yet: no phase and no progress; created in the future of `now`.
  status.phase = graph::WorkflowPhase::unknown;
  const std::string unknown = lines({
      "Name:                queued-abc",
      "Namespace:           default",
      "ServiceAccount:      unset (will run with the default ServiceAccount)",
      "Status:              Pending",
      "Created:             Tue Jan 02 03:04:05 +0000 (5 seconds from now)",
      "Progress:            ",
  });
  CHECK(report::render_tree(status, plain(at(-5))) == unknown);

  status.created_at = graph::TimePoint{};
  CHECK(report::render_tree(status, plain(at(0))).find("Status:              Unknown\n") !=
        std::string::npos);
}

TEST_CASE("the header reads the service account, suspend and shutdown from the spec",
          "[report][tree]") {
  graph::WorkflowStatus status = report_test::steps_run();
  status.spec_json = R"({"entrypoint":"main","serviceAccountName":"runner"})";
  CHECK(report::render_tree(status, plain(at(128))).find("ServiceAccount:      runner\n") !=
        std::string::npos);

  status.spec_json = R"({"workflowTemplateRef":{"name":"base"}})";
  CHECK(report::render_tree(status, plain(at(128))).find("ServiceAccount:      unset\n") !=
        std::string::npos);

  status.spec_json = R"({"shutdown":"Terminate"})";
  status.phase = graph::WorkflowPhase::failed;
  CHECK(report::render_tree(status, plain(at(128)))
            .find("Status:              Failed "
                  "(Terminated)\n") != std::string::npos);

  status.spec_json = R"({"suspend":true})";
  status.phase = graph::WorkflowPhase::running;
  CHECK(report::render_tree(status, plain(at(128)))
            .find("Status:              Running "
                  "(Suspended)\n") != std::string::npos);
  status.spec_json = R"({"suspend":false})";
  CHECK(report::render_tree(status, plain(at(128))).find("Status:              Running\n") !=
        std::string::npos);
}
