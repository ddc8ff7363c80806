// NodeLogs: <dir>/<node id>.log, one line per line, appended as it comes.
#include "store/node_logs.hpp"

#include <catch2/catch.hpp>

#include "store_test_support.hpp"

TEST_CASE("NodeLogs: each node's lines go to its own file, newline-terminated", "[store]") {
  store_test::ScratchDir dir;
  store::NodeLogs logs(dir.path());
  CHECK_FALSE(logs.append("wf-1", "hello world").has_value());
  CHECK_FALSE(logs.append("wf-2", "other").has_value());
  CHECK_FALSE(logs.append("wf-1", "").has_value());
  CHECK_FALSE(logs.append("wf-1", "last").has_value());
  // Flushed per line: readable while the file is still open.
  CHECK(logs.open_count() == 2);
  CHECK(store_test::slurp(dir / "wf-1.log") == "hello world\n\nlast\n");
  CHECK(store_test::slurp(dir / "wf-2.log") == "other\n");
}

TEST_CASE("NodeLogs: close() frees the file, a later line appends to it", "[store]") {
  store_test::ScratchDir dir;
  store::NodeLogs logs(dir.path());
  CHECK_FALSE(logs.append("wf-1", "one").has_value());
  logs.close("wf-1");
  logs.close("never-opened");
  CHECK(logs.open_count() == 0);
  CHECK_FALSE(logs.append("wf-1", "two").has_value());
  CHECK(store_test::slurp(dir / "wf-1.log") == "one\ntwo\n");
}

TEST_CASE("NodeLogs: path() keeps the file inside the directory", "[store]") {
  store::NodeLogs logs("/s/logs");
  CHECK(logs.path("wf-123") == "/s/logs/wf-123.log");
  CHECK(logs.path("a/../b") == "/s/logs/a_.._b.log");
}

TEST_CASE("NodeLogs: a directory that is gone gives an io error naming the file", "[store]") {
  store_test::ScratchDir dir;
  store::NodeLogs logs(dir / "missing");
  auto error = logs.append("wf-1", "x");
  REQUIRE(error.has_value());
  CHECK(error->code == util::ErrorCode::io);
  CHECK(error->message ==
        "cannot open " + (dir / "missing/wf-1.log") + ": No such file or directory");
}
