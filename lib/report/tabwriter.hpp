/// A column aligner that lays text out exactly as Go's text/tabwriter does with a space pad
/// character and no flags, which `argo get` (padding 2) and `argo list` (padding 3) use.
/// Matching its quirks matters because users diff and grep this output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace report {

/// Buffers tab-separated text and aligns it on flush(). A cell is text ending in a tab;
/// the text after a line's last tab is not part of any column. Consecutive lines that have
/// a cell in column k form a block whose column-k width is the widest cell plus `padding`
/// (at least `min_width`); every cell of the block, empty ones too, is padded to that
/// width. A line without tabs ends all blocks. Widths count UTF-8 code points, so ANSI
/// escape sequences count too: callers add equal escapes to every cell of a column.
class TabWriter {
 public:
  /// `min_width` and `padding` as in Go's tabwriter.NewWriter(w, minwidth, tabwidth,
  /// padding, ' ', 0); tabwidth only matters for tab padding, which is not supported.
  TabWriter(std::size_t min_width, std::size_t padding)
      : m_min_width(min_width), m_padding(padding) {}

  /// Appends text; lines end with '\n', cells with '\t'.
  void write(std::string_view text) { m_text.append(text); }

  /// Lays out everything written so far, returns it and empties the buffer.
  std::string flush();

 private:
  struct Cell {
    std::string_view text;
    std::size_t width = 0;  ///< in code points
  };
  struct Line {
    std::vector<Cell> cells;
    bool has_newline = false;
  };

  void format(std::size_t line0, std::size_t line1);
  void write_lines(std::size_t line0, std::size_t line1);
  void flush_block();

  std::size_t m_min_width;
  std::size_t m_padding;
  std::string m_text;
  // Used during flush() only.
  std::vector<Line> m_lines;
  std::vector<std::size_t> m_widths;
  std::string m_out;
};

}  // namespace report
