#include "model/yaml_reader.hpp"

#include <algorithm>
#include <exception>
#include <istream>
#include <new>
#include <streambuf>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace model {
namespace {

/// Thrown inside the event handler to abort parsing; caught in read_yaml.
struct ParseAbort {
  util::SourceLoc loc;
  std::string check;
  std::string message;
};

/// The 1-based line and column (in bytes, as yaml-cpp counts) of byte `offset`.
util::SourceLoc loc_of_offset(const util::SourceFile& file, size_t offset) {
  uint32_t line = 1;
  uint32_t column = 1;
  for (size_t i = 0; i < offset && i < file.text().size(); ++i) {
    if (file.text()[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {&file, line, column};
}

/// go-yaml (Kubernetes' YAML reader) accepts only UTF-8 (or UTF-16 with a BOM, which holds
/// NUL bytes and is refused earlier) and only YAML's printable characters: tab, LF, CR,
/// 0x20-0x7E, U+0085, U+00A0-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF. Returns the offset of
/// the first offending byte and what is wrong there, or npos.
size_t find_bad_character(std::string_view s, std::string& problem) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        problem = fmt::format("control characters are not allowed (byte 0x{:02X})", c);
        return i;
      }
      ++i;
      continue;
    }
    const size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    bool valid = n != 0 && i + n <= s.size();
    uint32_t code = n == 0 ? 0 : c & (0x7Fu >> n);
    for (size_t k = 1; valid && k < n; ++k) {
      valid = (byte(i + k) & 0xC0) == 0x80;
      code = (code << 6) | (byte(i + k) & 0x3Fu);
    }
    const uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    if (!valid || code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      problem = fmt::format("invalid UTF-8 (byte 0x{:02X}); a manifest must be UTF-8 text", c);
      return i;
    }
    if ((code >= 0x80 && code < 0xA0 && code != 0x85) || code == 0xFFFE || code == 0xFFFF) {
      problem = fmt::format("control characters are not allowed (U+{:04X})", code);
      return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

/// The characters that can make yaml-cpp produce a token without moving its parser on.
bool is_lookahead_char(char c) {
  switch (c) {
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
    case ':':
    case '&':
    case '*':
    case '!':
    case '"':
    case '\'': return true;
    default: return false;
  }
}

/// If `line` puts a block scalar indicator (`|`, `>-`, `|2` ...) in a value position and
/// ends there (a comment may follow), the column of the key or dash that owns the scalar;
/// otherwise npos. Unusual lines give npos: their scalar's text is then counted as
/// read-ahead, which is only ever too cautious.
size_t block_scalar_owner(std::string_view line) {
  constexpr size_t npos = std::string_view::npos;
  size_t end = line.size();
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      end = i;
      break;
    }
  }
  while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) {
    --end;
  }
  const std::string_view s = line.substr(0, end);
  const size_t indicator = s.find_last_of("|>");
  if (indicator == npos || s.size() - indicator > 3 ||
      s.find_first_not_of("123456789+-", indicator + 1) != npos) {
    return npos;
  }
  // Step back over blanks and properties (&anchor, !tag) to what precedes the scalar.
  size_t i = indicator;
  while (true) {
    const size_t token_end = i;
    while (i > 0 && s[i - 1] == ' ') {
      --i;
    }
    if (i == token_end && i > 0) {
      return npos;  // `x|`: not an indicator
    }
    size_t token_start = i;
    while (token_start > 0 && s[token_start - 1] != ' ') {
      --token_start;
    }
    if (i == 0 || !(s[token_start] == '&' || s[token_start] == '!')) {
      break;
    }
    i = token_start;
  }
  size_t first = s.find_first_not_of(' ');
  if (i == 0 || i <= first) {
    return first;  // nothing before it on the line: at most its own column
  }
  if (s[i - 1] == '-' && (i == 1 || s[i - 2] == ' ')) {
    return i - 1;  // `- |`: the dash owns it
  }
  if (s[i - 1] != ':') {
    return npos;
  }
  // `key: |` (possibly after dashes): the key's column owns it.
  while (first + 1 < s.size() && (s[first] == '-' || s[first] == '?') && s[first + 1] == ' ') {
    first = s.find_first_not_of(' ', first + 1);
  }
  return first;
}

/// Byte ranges of block scalar content: after a line with an indicator, the lines indented
/// deeper than the indicator's owner (the first of them sets the indentation). yaml-cpp
/// reads such a scalar as one token, so its punctuation is no read-ahead cost.
std::vector<std::pair<size_t, size_t>> block_scalar_ranges(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> ranges;
  const auto line_at = [&](size_t pos) {
    const size_t eol = text.find('\n', pos);
    return text.substr(pos, eol == std::string_view::npos ? text.size() - pos : eol - pos);
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const std::string_view line = line_at(pos);
    pos += line.size() + 1;
    const size_t owner = block_scalar_owner(line);
    if (owner == std::string_view::npos) {
      continue;
    }
    const size_t start = pos;
    size_t content_indent = 0;
    while (pos < text.size()) {
      const std::string_view content = line_at(pos);
      const size_t indent = std::min(content.find_first_not_of(' '), content.size());
      const bool blank = content.substr(indent).find_first_not_of('\r') == std::string_view::npos;
      if (!blank) {
        if (content_indent == 0) {
          if (indent <= owner) {
            break;
          }
          content_indent = indent;
        } else if (indent < content_indent) {
          break;
        }
      }
      pos += content.size() + 1;
    }
    pos = std::min(pos, text.size());
    if (pos > start) {
      ranges.emplace_back(start, pos);
    }
  }
  return ranges;
}

/// Heap in use, where the C library can tell (glibc); 0 elsewhere, which disables the check.
size_t heap_in_use() {
#if defined(__GLIBC__)
  return mallinfo2().uordblks;
#else
  return 0;
#endif
}

/// Hands yaml-cpp the text chunk by chunk, and reports the end of input early when its
/// scanner gets too far ahead of its parser. yaml-cpp scans a whole flow collection that
/// starts in block context (and a whole line holding an unresolved simple key) before the
/// parser sees its first token, at ~100 bytes per token: 7 MB of `[1,1,1,...` takes 1 GB
/// and seconds. The parser's progress comes from the event marks (parser_at). Two checks:
/// the punctuation read ahead of the parser (outside block scalars, which are one token),
/// and, as a backstop for what that estimate misses, the growth of the heap while reading.
class LookaheadGuard : public std::streambuf {
 public:
  enum class Stop { none, lookahead, memory };

  LookaheadGuard(std::string_view text, const YamlLimits& limits)
      : m_text(text), m_limits(limits), m_heap_at_start(heap_in_use()) {
    // m_counts[k]: lookahead characters in text[0, k * k_chunk); the last entry is the total.
    const std::vector<std::pair<size_t, size_t>> skip = block_scalar_ranges(text);
    auto next_skip = skip.begin();
    m_counts.reserve(text.size() / k_chunk + 2);
    m_counts.push_back(0);
    size_t count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      while (next_skip != skip.end() && i >= next_skip->second) {
        ++next_skip;
      }
      const bool skipped = next_skip != skip.end() && i >= next_skip->first;
      count += !skipped && is_lookahead_char(text[i]) ? 1 : 0;
      if ((i + 1) % k_chunk == 0) {
        m_counts.push_back(count);
      }
    }
    m_counts.push_back(count);
    // yaml-cpp only reads, and puts back the characters it read; nothing writes through this.
    char* base = const_cast<char*>(text.data());
    setg(base, base, base);
  }

  /// The parser has reached byte `offset`: yaml-cpp no longer holds what lies before it.
  void parser_at(size_t offset) { m_parser = std::max(m_parser, std::min(offset, m_text.size())); }
  /// Where the parser was when reading stopped (or is now).
  size_t parser_offset() const { return m_stop == Stop::none ? m_parser : m_parser_at_stop; }
  Stop stopped() const { return m_stop; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) {
      return traits_type::to_int_type(*gptr());
    }
    const auto end = static_cast<size_t>(egptr() - eback());
    if (m_stop != Stop::none || end >= m_text.size()) {
      return traits_type::eof();
    }
    const size_t next = std::min(m_text.size(), end + k_chunk);
    const size_t read = next % k_chunk == 0 ? m_counts[next / k_chunk] : m_counts.back();
    if (read - m_counts[m_parser / k_chunk] > m_limits.max_lookahead) {
      return stop(Stop::lookahead);
    }
    const size_t heap = heap_in_use();
    if (heap > m_heap_at_start && heap - m_heap_at_start > m_limits.max_reader_memory) {
      return stop(Stop::memory);
    }
    setg(eback(), egptr(), eback() + next);
    return traits_type::to_int_type(*gptr());
  }

 private:
  int_type stop(Stop why) {
    m_stop = why;
    m_parser_at_stop = m_parser;
    return traits_type::eof();
  }

  static constexpr size_t k_chunk = 4096;
  std::string_view m_text;
  const YamlLimits& m_limits;
  size_t m_heap_at_start;
  std::vector<size_t> m_counts;
  size_t m_parser = 0;
  size_t m_parser_at_stop = 0;
  Stop m_stop = Stop::none;
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const util::SourceFile& file, const YamlLimits& limits, Diagnostics& diagnostics,
              LookaheadGuard& guard)
      : m_file(file), m_limits(limits), m_diagnostics(diagnostics), m_guard(guard) {}

  std::vector<YamlDocument>& documents() { return m_documents; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    m_stack.clear();
    m_document_start = at(mark);
    m_have_root = false;
  }

  void OnDocumentEnd() override {
    if (m_have_root) {
      m_documents.push_back({std::move(m_root), m_document_start});
    }
    m_root = DocNode{};
    m_anchors.clear();
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    DocNode node;
    node.loc = at(mark);
    count_nodes(1, node.loc);
    complete(std::move(node), anchor, false);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const util::SourceLoc where = at(mark);
    auto it = m_anchors.find(anchor);
    if (it == m_anchors.end()) {
      throw ParseAbort{where, "yaml-syntax", "alias refers to an anchor that is not defined yet"};
    }
    count_nodes(it->second.size, where);
    complete(DocNode(it->second.node), 0, false);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    DocNode node;
    node.kind = DocKind::scalar;
    node.loc = at(mark);
    node.text = value;
    node.quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    count_nodes(1, node.loc);
    complete(std::move(node), anchor, tag == "?" && value == "<<");
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(DocKind::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(DocKind::mapping, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    DocNode node;
    YAML::anchor_t anchor = 0;
    bool have_key = false;
    bool key_is_merge = false;
    std::string key;
    util::SourceLoc key_loc;
    std::vector<bool> merge_entries;  ///< parallel to node.entries: which are `<<` entries
  };
  struct Anchored {
    DocNode node;
    size_t size = 0;
  };

  /// The position of `mark`; also tells the guard how far the parser has got.
  util::SourceLoc at(const YAML::Mark& mark) {
    if (mark.pos >= 0) {
      m_guard.parser_at(static_cast<size_t>(mark.pos));
    }
    return {&m_file, static_cast<uint32_t>(mark.line + 1), static_cast<uint32_t>(mark.column + 1)};
  }

  void count_nodes(size_t n, util::SourceLoc where) {
    m_node_count += n;
    if (m_node_count > m_limits.max_nodes) {
      throw ParseAbort{
          where, "yaml-limit",
          fmt::format("document too large: more than {} YAML nodes after expanding aliases "
                      "(an alias bomb?)",
                      m_limits.max_nodes)};
    }
  }

  void open(DocKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    const util::SourceLoc where = at(mark);
    if (m_stack.size() >= m_limits.max_depth) {
      throw ParseAbort{where, "yaml-limit",
                       fmt::format("nesting deeper than {} levels", m_limits.max_depth)};
    }
    count_nodes(1, where);
    Frame frame;
    frame.node.kind = kind;
    frame.node.loc = where;
    frame.anchor = anchor;
    m_stack.push_back(std::move(frame));
  }

  void close() {
    Frame frame = std::move(m_stack.back());
    m_stack.pop_back();
    if (frame.node.is_mapping()) {
      finish_mapping(frame);
    }
    complete(std::move(frame.node), frame.anchor, false);
  }

  /// Applies repeated keys and YAML 1.1 merge keys (`<<: *base`) in document order, as
  /// go-yaml v2 (Kubernetes' YAML reader) does: every entry, written or merged, replaces
  /// what came before it; in a list of merged mappings the earlier ones win. A hash index
  /// keeps this linear for wide mappings.
  void finish_mapping(Frame& frame) {
    std::vector<DocEntry> raw = std::move(frame.node.entries);
    std::vector<DocEntry>& out = frame.node.entries;
    out.clear();
    std::unordered_map<std::string, size_t> index;
    std::vector<bool> written;  // parallel to out: set by an explicit key, not a merge
    const auto put = [&](DocEntry&& entry, bool is_written) {
      const auto [it, inserted] = index.try_emplace(entry.key, out.size());
      if (inserted) {
        out.push_back(std::move(entry));
        written.push_back(is_written);
        return;
      }
      DocEntry& existing = out[it->second];
      if (is_written && written[it->second]) {
        // Kubernetes keeps the last value; strict parsing (lint --strict) would reject it.
        m_diagnostics.warning(entry.key_loc, "yaml-duplicate-key",
                              fmt::format("mapping key \"{}\" already defined at line {}; the "
                                          "earlier value is ignored",
                                          entry.key, existing.key_loc.line));
      }
      existing.key_loc = entry.key_loc;
      existing.value = std::move(entry.value);
      written[it->second] = written[it->second] || is_written;
    };
    for (size_t i = 0; i < raw.size(); ++i) {
      if (!frame.merge_entries[i]) {
        put(std::move(raw[i]), true);
        continue;
      }
      DocNode& value = raw[i].value;
      std::vector<DocNode*> sources;
      if (value.is_mapping()) {
        sources.push_back(&value);
      } else if (value.is_sequence()) {
        for (DocNode& item : value.items) {
          sources.push_back(&item);
        }
      }
      const bool all_maps = std::all_of(sources.begin(), sources.end(),
                                        [](const DocNode* source) { return source->is_mapping(); });
      if (!(value.is_mapping() || value.is_sequence()) || !all_maps) {
        throw ParseAbort{value.loc, "yaml-syntax",
                         "invalid YAML: map merge requires map or sequence of maps as the value"};
      }
      // go-yaml applies the list last to first; taking the first of each key is the same.
      std::unordered_set<std::string> merged;
      for (DocNode* source : sources) {
        for (DocEntry& inherited : source->entries) {
          if (merged.insert(inherited.key).second) {
            put(std::move(inherited), false);
          }
        }
      }
    }
  }

  void complete(DocNode node, YAML::anchor_t anchor, bool is_merge_key) {
    if (anchor != 0) {
      // The stored copy costs as much memory as the node: nested anchors copy their
      // subtree once per level, so they count against the node budget too.
      const size_t size = node.subtree_size();
      count_nodes(size, node.loc);
      m_anchors[anchor] = Anchored{node, size};
    }
    if (m_stack.empty()) {
      m_root = std::move(node);
      m_have_root = true;
      return;
    }
    Frame& top = m_stack.back();
    if (top.node.is_sequence()) {
      top.node.items.push_back(std::move(node));
      return;
    }
    if (!top.have_key) {
      if (node.is_mapping() || node.is_sequence()) {
        throw ParseAbort{node.loc, "yaml-syntax", "mapping keys must be plain strings"};
      }
      top.key = std::move(node.text);
      top.key_loc = node.loc;
      top.key_is_merge = is_merge_key;
      top.have_key = true;
      return;
    }
    top.have_key = false;
    top.node.entries.push_back({std::move(top.key), top.key_loc, std::move(node)});
    top.merge_entries.push_back(top.key_is_merge);
  }

  const util::SourceFile& m_file;
  const YamlLimits& m_limits;
  Diagnostics& m_diagnostics;
  LookaheadGuard& m_guard;
  std::vector<YamlDocument> m_documents;
  std::vector<Frame> m_stack;
  std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
  DocNode m_root;
  bool m_have_root = false;
  util::SourceLoc m_document_start;
  size_t m_node_count = 0;
};

/// Checks that need no parser: size, binary data, encoding. False when reading must stop.
bool check_text(const util::SourceFile& file, Diagnostics& diagnostics, const YamlLimits& limits) {
  const std::string& text = file.text();
  if (text.size() > limits.max_bytes) {
    diagnostics.error({&file, 0, 0}, "file-too-large",
                      fmt::format("file is {} bytes, more than the {} byte limit for a manifest "
                                  "(Kubernetes itself rejects objects over about 1.5 MiB)",
                                  text.size(), limits.max_bytes));
    return false;
  }
  if (const size_t at = text.find('\0'); at != std::string::npos) {
    diagnostics.error(loc_of_offset(file, at), "yaml-syntax",
                      "not a YAML file: it contains a NUL byte (binary data?)");
    return false;
  }
  std::string problem;
  if (const size_t at = find_bad_character(text, problem); at != std::string_view::npos) {
    diagnostics.error(loc_of_offset(file, at), "yaml-syntax",
                      fmt::format("invalid YAML: {}", problem));
    return false;
  }
  return true;
}

}  // namespace

std::vector<YamlDocument> read_yaml(const util::SourceFile& file, Diagnostics& diagnostics,
                                    const YamlLimits& limits) {
  if (!check_text(file, diagnostics, limits)) {
    return {};
  }
  LookaheadGuard guard(file.text(), limits);
  std::istream stream(&guard);
  TreeBuilder builder(file, limits, diagnostics, guard);
  const auto lookahead_error = [&] {
    diagnostics.error(
        loc_of_offset(file, guard.parser_offset()), "yaml-limit",
        guard.stopped() == LookaheadGuard::Stop::memory
            ? fmt::format("too much memory needed to read the YAML after this point (more than "
                          "{} MiB); write large collections in block style",
                          limits.max_reader_memory >> 20)
            : fmt::format("too much to read ahead after this point: more than {} of the "
                          "characters []{{}},:&*!\"' in one flow collection or line (write large "
                          "collections in block style)",
                          limits.max_lookahead));
  };
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
    if (guard.stopped() != LookaheadGuard::Stop::none) {
      // yaml-cpp accepted the cut-off text: its last document is incomplete.
      lookahead_error();
      if (!builder.documents().empty()) {
        builder.documents().pop_back();
      }
    }
  } catch (const ParseAbort& e) {
    diagnostics.error(e.loc, e.check, e.message);
  } catch (const YAML::DeepRecursion& e) {
    diagnostics.error(
        {&file, static_cast<uint32_t>(e.mark.line + 1), static_cast<uint32_t>(e.mark.column + 1)},
        "yaml-limit", "nesting too deep");
  } catch (const YAML::Exception& e) {
    if (guard.stopped() != LookaheadGuard::Stop::none) {
      lookahead_error();  // the syntax error is only the cut-off
    } else {
      const util::SourceLoc where =
          e.mark.is_null() ? util::SourceLoc{&file, 0, 0}
                           : util::SourceLoc{&file, static_cast<uint32_t>(e.mark.line + 1),
                                             static_cast<uint32_t>(e.mark.column + 1)};
      diagnostics.error(where, "yaml-syntax", fmt::format("invalid YAML: {}", e.msg));
    }
  } catch (const std::bad_alloc&) {
    diagnostics.error({&file, 0, 0}, "yaml-limit", "out of memory while reading this file");
  }
  return std::move(builder.documents());
}

}  // namespace model
