// util/source: line lookup for diagnostics and SourceLoc rendering.
#include "util/source.hpp"

#include <string>

#include <catch2/catch.hpp>

TEST_CASE("SourceFile::line_text returns lines without their newline") {
  const util::SourceFile file("a.yaml", "first\nsecond\n\nlast");
  CHECK(file.line_text(1) == "first");
  CHECK(file.line_text(2) == "second");
  CHECK(file.line_text(3).empty());
  // The last line has no newline and is still a line.
  CHECK(file.line_text(4) == "last");
  CHECK(file.line_text(5).empty());
  CHECK(file.line_text(0).empty());
  CHECK(file.line_text(1000000).empty());
}

TEST_CASE("SourceFile::line_text strips the carriage return of CRLF lines") {
  const util::SourceFile file("a.yaml", "key: value\r\nother: x\r\nlast\r");
  CHECK(file.line_text(1) == "key: value");
  CHECK(file.line_text(2) == "other: x");
  CHECK(file.line_text(3) == "last");
  // A carriage return inside a line is kept.
  const util::SourceFile inner("b.yaml", "a\rb\n");
  CHECK(inner.line_text(1) == "a\rb");
}

TEST_CASE("SourceFile::line_text handles empty files and a final newline") {
  const util::SourceFile empty("e.yaml", "");
  CHECK(empty.line_text(1).empty());
  CHECK(empty.line_text(2).empty());
  const util::SourceFile one("o.yaml", "only\n");
  CHECK(one.line_text(1) == "only");
  CHECK(one.line_text(2).empty());
  const util::SourceFile blank_lines("n.yaml", "\n\n\r\n");
  CHECK(blank_lines.line_text(1).empty());
  CHECK(blank_lines.line_text(3).empty());
}

TEST_CASE("SourceFile keeps its path and text") {
  const util::SourceFile file("dir/wf.yaml", std::string("a\0b", 3));
  CHECK(file.path() == "dir/wf.yaml");
  CHECK(file.text().size() == 3);
  CHECK(file.line_text(1) == std::string_view("a\0b", 3));
}

TEST_CASE("SourceLoc::to_string renders what it knows") {
  const util::SourceFile file("wf.yaml", "a: 1\n");
  CHECK(util::SourceLoc{}.to_string() == "<unknown>");
  CHECK_FALSE(util::SourceLoc{}.valid());
  CHECK(util::SourceLoc{&file, 0, 0}.to_string() == "wf.yaml");
  CHECK_FALSE((util::SourceLoc{&file, 0, 0}.valid()));
  CHECK(util::SourceLoc{&file, 3, 14}.to_string() == "wf.yaml:3:14");
  CHECK((util::SourceLoc{&file, 1, 1}.valid()));
}

TEST_CASE("SourceSet keeps files at stable addresses") {
  util::SourceSet set;
  const util::SourceFile& first = set.add("one.yaml", "1");
  const util::SourceFile* address = &first;
  for (int i = 0; i < 100; ++i) {
    set.add("more.yaml", std::to_string(i));
  }
  CHECK(&first == address);
  CHECK(first.path() == "one.yaml");
  CHECK(first.text() == "1");
}
