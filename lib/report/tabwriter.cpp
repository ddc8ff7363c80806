#include "report/tabwriter.hpp"

#include <algorithm>

namespace report {
namespace {

/// Code points in `text`, as utf8.RuneCount counts them for valid UTF-8: every byte that
/// is not a continuation byte starts one.
std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

}  // namespace

std::string TabWriter::flush() {
  m_out.clear();
  m_lines.clear();
  const std::string_view text = m_text;
  std::size_t start = 0;
  Line line;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\t' && text[i] != '\n') {
      continue;
    }
    const std::string_view cell = text.substr(start, i - start);
    line.cells.push_back(Cell{cell, code_points(cell)});
    start = i + 1;
    if (text[i] == '\n') {
      line.has_newline = true;
      const bool single_cell = line.cells.size() == 1;
      m_lines.push_back(std::move(line));
      line = Line{};
      // Go flushes after a line with one cell: it cannot affect later column widths.
      if (single_cell) {
        flush_block();
      }
    }
  }
  if (start < text.size()) {
    const std::string_view cell = text.substr(start);
    line.cells.push_back(Cell{cell, code_points(cell)});
    m_lines.push_back(std::move(line));
  }
  flush_block();
  std::string out = std::move(m_out);
  m_out.clear();
  m_text.clear();
  return out;
}

void TabWriter::flush_block() {
  m_widths.clear();
  format(0, m_lines.size());
  m_lines.clear();
}

// Go's Writer.format: find each run of lines that has a cell in the current column, size
// the column for that run, and recurse into the next column for the same run.
void TabWriter::format(std::size_t line0, std::size_t line1) {
  const std::size_t column = m_widths.size();
  for (std::size_t row = line0; row < line1; ++row) {
    if (column + 1 >= m_lines[row].cells.size()) {
      continue;
    }
    write_lines(line0, row);
    line0 = row;
    std::size_t width = m_min_width;
    for (; row < line1; ++row) {
      const auto& cells = m_lines[row].cells;
      if (column + 1 >= cells.size()) {
        break;
      }
      width = std::max(width, cells[column].width + m_padding);
    }
    m_widths.push_back(width);
    format(line0, row);
    m_widths.pop_back();
    line0 = row;
  }
  write_lines(line0, line1);
}

void TabWriter::write_lines(std::size_t line0, std::size_t line1) {
  for (std::size_t row = line0; row < line1; ++row) {
    const Line& line = m_lines[row];
    for (std::size_t j = 0; j < line.cells.size(); ++j) {
      const Cell& cell = line.cells[j];
      m_out.append(cell.text);
      if (j < m_widths.size()) {
        m_out.append(m_widths[j] - cell.width, ' ');
      }
    }
    if (line.has_newline) {
      m_out.push_back('\n');
    }
  }
}

}  // namespace report
