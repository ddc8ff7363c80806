#include "report/tabwriter.hpp"

#include <string>

#include <catch2/catch.hpp>

// Expected layouts follow Go's text/tabwriter with minwidth 0, padding 2 and ' ' padding.

TEST_CASE("tabwriter pads each column to its widest cell plus padding", "[report][tabwriter]") {
  report::TabWriter writer(0, 2);
  writer.write("a\tbbb\tc\n");
  writer.write("aaaa\tb\tc\n");
  CHECK(writer.flush() ==
        "a     bbb  c\n"
        "aaaa  b    c\n");
}

TEST_CASE("tabwriter pads empty cells and a trailing tab-terminated cell", "[report][tabwriter]") {
  report::TabWriter writer(0, 2);
  writer.write("x\ty\n");
  writer.write("\t\t\n");
  writer.write("long\t\t\n");
  // Column 1 exists only on the last two lines (the first line's `y` is not tab-ended).
  CHECK(writer.flush() ==
        "x     y\n"
        "        \n"
        "long    \n");
}

TEST_CASE("tabwriter counts code points, so escapes and UTF-8 take their length",
          "[report][tabwriter]") {
  report::TabWriter writer(0, 1);
  writer.write("✔✔\tz\n");
  writer.write("\x1b[0m\tz\n");
  CHECK(writer.flush() ==
        "✔✔   z\n"
        "\x1b[0m z\n");
}

TEST_CASE("a line without tabs ends the column blocks", "[report][tabwriter]") {
  report::TabWriter writer(0, 2);
  writer.write("aaaaaa\tb\n");
  writer.write("plain line\n");
  writer.write("c\td\n");
  CHECK(writer.flush() ==
        "aaaaaa  b\n"
        "plain line\n"
        "c  d\n");
}

TEST_CASE("tabwriter keeps text without a final newline and honours min width",
          "[report][tabwriter]") {
  report::TabWriter writer(6, 1);
  writer.write("a\tb\n");
  writer.write("c\td");
  CHECK(writer.flush() ==
        "a     b\n"
        "c     d");
  // flush() empties the buffer.
  CHECK(writer.flush().empty());
}
