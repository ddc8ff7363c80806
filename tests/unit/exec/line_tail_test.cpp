// exec/line_tail: following a file that grows, line by line.
#include "exec/line_tail.hpp"

#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "exec_test_support.hpp"

TEST_CASE("line tail: whole lines as they come, the last partial one at the end",
          "[exec][line_tail]") {
  exec_test::ScratchDir dir;
  std::string path = dir / "log";
  std::vector<std::string> lines;
  auto emit = [&](std::string_view line) { lines.emplace_back(line); };

  exec::LineTail tail(path);
  tail.pump(emit);  // the file does not exist yet
  CHECK(lines.empty());

  std::ofstream out(path, std::ios::binary);
  out << "one\ntw" << std::flush;
  tail.pump(emit);
  CHECK(lines == std::vector<std::string>{"one"});

  out << "o\n\nthree" << std::flush;
  tail.pump(emit);
  CHECK(lines == std::vector<std::string>{"one", "two", ""});

  tail.finish(emit);
  CHECK(lines == std::vector<std::string>{"one", "two", "", "three"});
}

TEST_CASE("line tail: an endless line comes out in bounded pieces", "[exec][line_tail]") {
  exec_test::ScratchDir dir;
  std::string path = dir / "log";
  std::ofstream(path, std::ios::binary) << std::string(exec::LineTail::k_max_line + 10, 'x');
  std::vector<std::size_t> sizes;
  exec::LineTail tail(path);
  tail.finish([&](std::string_view line) { sizes.push_back(line.size()); });
  CHECK(sizes == std::vector<std::size_t>{exec::LineTail::k_max_line, 10});
}
