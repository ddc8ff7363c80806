// Hostile input for model::load_documents: every case must end quickly with a clear
// diagnostic (or none, when the input is actually valid), never crash, hang or take
// unbounded memory. The command-line counterpart is tests/cli/hostile_input_test.sh.
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "model/loader.hpp"

#include "support/lint_fixture.hpp"
#include <time.h>

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool k_sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool k_sanitized = true;
#else
constexpr bool k_sanitized = false;
#endif
#else
constexpr bool k_sanitized = false;
#endif

/// The brief: every hostile input is handled in under 5 s. Sanitizer builds (-O0 plus
/// instrumentation) are several times slower, so they get a proportionally larger budget.
constexpr double k_seconds_allowed = k_sanitized ? 25.0 : 5.0;

struct Outcome {
  std::unique_ptr<testing::Linted> loaded;
  double seconds = 0;  ///< CPU time

  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const model::Diagnostic& d : loaded->diagnostics.all()) {
      out.push_back(d.message);
    }
    return out;
  }
  /// The first diagnostic, which must exist.
  const model::Diagnostic& first() const {
    REQUIRE_FALSE(loaded->diagnostics.all().empty());
    return loaded->diagnostics.all().front();
  }
};

/// A std::chrono clock for the CPU time of this process. The time budget is checked against
/// it, not the wall clock: the tests share their machine (parallel builds, other test
/// binaries), and a loaded machine must not make a linear-time case look like a hang.
struct CpuClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<CpuClock>;
  static time_point now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return time_point(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec));
  }
};

/// Loads `text`, timing it, and checks the time budget.
Outcome load_timed(const std::string& text) {
  Outcome outcome;
  const auto wall_start = std::chrono::steady_clock::now();
  const auto cpu_start = CpuClock::now();
  outcome.loaded = testing::load_text(text);
  outcome.seconds = std::chrono::duration<double>(CpuClock::now() - cpu_start).count();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  INFO("took " << outcome.seconds << " s of CPU (" << wall << " s wall) for " << text.size()
               << " bytes");
  REQUIRE(outcome.seconds < k_seconds_allowed);
  return outcome;
}

/// 64 KiB of deterministic pseudo-random bytes (raw mt19937 output is specified by the
/// standard, unlike the distributions). `allow_nul` false maps NUL bytes to 0x01.
std::string garbage(uint32_t seed, bool allow_nul) {
  std::mt19937 engine(seed);
  std::string out;
  out.reserve(65536);
  while (out.size() < 65536) {
    uint32_t word = engine();
    for (int i = 0; i < 4; ++i, word >>= 8) {
      auto byte = static_cast<char>(word & 0xFF);
      out += (!allow_nul && byte == '\0') ? '\x01' : byte;
    }
  }
  return out;
}

constexpr const char* k_header = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: big
spec:
  entrypoint: main
  templates:
  - name: main
)";

}  // namespace

TEST_CASE("hostile: an empty file") {
  const Outcome o = load_timed("");
  CHECK(o.messages() == std::vector<std::string>{"empty file: expected a Workflow manifest"});
}

TEST_CASE("hostile: a file of only whitespace and comments") {
  std::string text;
  for (int i = 0; i < 10000; ++i) {
    text += i % 3 == 0 ? "   \t  \r\n" : i % 3 == 1 ? "# a comment line\n" : "\n";
  }
  const Outcome o = load_timed(text);
  CHECK(o.messages() == std::vector<std::string>{"empty file: expected a Workflow manifest"});
}

TEST_CASE("hostile: 64 KiB of binary garbage with NUL bytes") {
  const std::string text = garbage(20240601, true);
  REQUIRE(text.find('\0') != std::string::npos);
  const Outcome o = load_timed(text);
  CHECK(o.first().check == "yaml-syntax");
  CHECK(o.first().message == "not a YAML file: it contains a NUL byte (binary data?)");
  CHECK(o.first().loc.line >= 1);
  CHECK(o.loaded->documents.empty());
}

TEST_CASE("hostile: 64 KiB of binary garbage without NUL bytes") {
  for (const uint32_t seed : {1u, 42u, 20240601u}) {
    INFO("seed " << seed);
    const std::string text = garbage(seed, false);
    REQUIRE(text.find('\0') == std::string::npos);
    const Outcome o = load_timed(text);
    CHECK(o.loaded->diagnostics.has_errors());
    CHECK(o.first().check == "yaml-syntax");
    CHECK(o.loaded->documents.empty());
  }
}

TEST_CASE("hostile: 200,000 nested [ and {") {
  for (const char open : {'[', '{'}) {
    INFO("bracket " << open);
    const Outcome o = load_timed(std::string(200000, open));
    CHECK(o.messages() == std::vector<std::string>{"nesting deeper than 256 levels"});
    CHECK(o.first().check == "yaml-limit");
    CHECK(o.first().loc.line == 1);
  }
}

TEST_CASE("hostile: nested brackets in a value, and 7 MB of them") {
  const Outcome in_value = load_timed("a: " + std::string(200000, '['));
  CHECK(in_value.messages() == std::vector<std::string>{"nesting deeper than 256 levels"});
  // yaml-cpp tokenizes a whole flow collection before parsing it; 7 M brackets would take
  // over 1.5 GB there if the read-ahead were not capped.
  const Outcome huge = load_timed(std::string(7 << 20, '['));
  CHECK(huge.messages() == std::vector<std::string>{"nesting deeper than 256 levels"});
}

TEST_CASE("hostile: nesting just inside the depth limit is fine") {
  const std::string text = std::string(255, '[') + std::string(255, ']');
  const Outcome o = load_timed(text);
  // It parses (the depth limit is not hit); it just is not a manifest.
  REQUIRE(o.loaded->diagnostics.all().size() == 1);
  CHECK(o.first().check == "not-a-manifest");
}

TEST_CASE("hostile: yaml-cpp's own depth guard stops deep nesting before the stack overflows") {
  // With our depth limit out of the way, yaml-cpp's DepthGuard (2000 levels) must still end
  // the recursion in its parser cleanly, also in sanitizer builds with their larger frames.
  model::YamlLimits limits;
  limits.max_depth = 1'000'000;
  for (const std::string& text :
       {std::string(200000, '['), std::string(200000, '{'), "a: " + std::string(100000, '[')}) {
    util::SourceSet sources;
    model::Diagnostics diagnostics;
    const auto start = CpuClock::now();
    const std::vector<model::Workflow> documents =
        model::load_documents(sources.add("deep.yaml", text), diagnostics, limits);
    CHECK(std::chrono::duration<double>(CpuClock::now() - start).count() < k_seconds_allowed);
    CHECK(documents.empty());
    REQUIRE_FALSE(diagnostics.all().empty());
    CHECK(diagnostics.all()[0].message == "nesting too deep");
    CHECK(diagnostics.all()[0].check == "yaml-limit");
  }
}

TEST_CASE("hostile: deep block nesting") {
  SECTION("mappings, one more space per level") {
    std::string text;
    for (int i = 0; i < 2000; ++i) {
      text += std::string(static_cast<size_t>(i), ' ') + "a:\n";
    }
    const Outcome o = load_timed(text);
    CHECK(o.messages() == std::vector<std::string>{"nesting deeper than 256 levels"});
    CHECK(o.first().loc.line == 257);
  }
  SECTION("sequences on one line") {
    std::string text;
    for (int i = 0; i < 200000; ++i) {
      text += "- ";
    }
    text += "x\n";
    const Outcome o = load_timed(text);
    CHECK(o.messages() == std::vector<std::string>{"nesting deeper than 256 levels"});
  }
}

TEST_CASE("hostile: a billion laughs alias bomb (9 levels of 10)") {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= 9; ++level) {
    text += fmt::format("a{0}: &a{0} [", level);
    for (int i = 0; i < 10; ++i) {
      text += fmt::format("{}*a{}", i == 0 ? "" : ", ", level - 1);
    }
    text += "]\n";
  }
  const Outcome o = load_timed(text);
  CHECK(o.messages() ==
        std::vector<std::string>{"document too large: more than 1000000 YAML nodes after "
                                 "expanding aliases (an alias bomb?)"});
  CHECK(o.first().check == "yaml-limit");
}

TEST_CASE("hostile: nested anchors that copy their subtree at every level") {
  // Each anchored level stores a copy of everything under it: 200 levels over 20,000
  // items would be 4 million stored nodes.
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += fmt::format("&a{} [", i);
  }
  for (int i = 0; i < 20000; ++i) {
    text += "x, ";
  }
  text += std::string(200, ']');
  const Outcome o = load_timed(text);
  CHECK(o.first().message ==
        "document too large: more than 1000000 YAML nodes after expanding aliases (an alias "
        "bomb?)");
}

TEST_CASE("hostile: merge keys that multiply a mapping") {
  std::string text = "base: &b {";
  for (int i = 0; i < 5000; ++i) {
    text += fmt::format("{}k{}: v", i == 0 ? "" : ", ", i);
  }
  text += "}\n";
  for (int i = 0; i < 300; ++i) {
    text += fmt::format("m{}: {{<<: [*b, *b, *b], own: 1}}\n", i);
  }
  const Outcome o = load_timed(text);
  CHECK(o.first().check == "yaml-limit");
}

TEST_CASE("hostile: a 50 MB file is refused before parsing") {
  std::string text = std::string(k_header) + "    script:\n      image: alpine\n      source: |\n";
  const std::string line = "        echo " + std::string(80, 'x') + "\n";
  while (text.size() < 50u << 20) {
    text += line;
  }
  const Outcome o = load_timed(text);
  REQUIRE(o.loaded->diagnostics.all().size() == 1);
  CHECK(o.first().check == "file-too-large");
  CHECK(o.first().message ==
        fmt::format("file is {} bytes, more than the 8388608 byte limit for a manifest "
                    "(Kubernetes itself rejects objects over about 1.5 MiB)",
                    text.size()));
}

TEST_CASE("hostile: a valid 7 MB workflow with a huge block scalar loads and lints cleanly") {
  std::string text = std::string(k_header) + "    script:\n      image: alpine\n      source: |\n";
  const std::string line =
      "        echo 'line of a very long script: [x], {y}, \"z\"' # " + std::string(40, 'x') + "\n";
  while (text.size() + line.size() < (7u << 20)) {
    text += line;
  }
  text += "      command: [sh]\n";
  REQUIRE(text.size() > (7u << 20) - 200);
  const auto start = CpuClock::now();
  auto linted = testing::lint_text(text);
  const double seconds = std::chrono::duration<double>(CpuClock::now() - start).count();
  INFO("took " << seconds << " s");
  CHECK(seconds < k_seconds_allowed);
  CHECK(linted->diagnostics.error_count() == 0);
  REQUIRE(linted->documents.size() == 1);
  const model::Template& main = linted->documents[0].spec.templates.at(0);
  REQUIRE(main.script.has_value());
  CHECK(main.script->source->value.size() > (6u << 20));
}

TEST_CASE("hostile: invalid UTF-8 is refused with its position") {
  const Outcome o = load_timed(
      "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n"
      "metadata:\n  name: caf\xC3\xA9-\xFF\xFE\n");
  CHECK(o.messages() == std::vector<std::string>{
                            "invalid YAML: invalid UTF-8 (byte 0xFF); a manifest must be UTF-8 "
                            "text"});
  CHECK(o.first().loc.line == 4);
  CHECK(o.first().loc.column == 15);
  for (const std::string& bad :
       {std::string("\xC3"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
        std::string("\xF4\x90\x80\x80"), std::string("\xE2\x82"), std::string("\x80")}) {
    const Outcome each = load_timed("kind: Workflow\nx: a" + bad + "b\n");
    CHECK(each.first().message.rfind("invalid YAML: invalid UTF-8 (byte 0x", 0) == 0);
    CHECK(each.first().loc.line == 2);
    CHECK(each.first().loc.column == 5);
  }
}

TEST_CASE("hostile: control characters are refused as go-yaml refuses them") {
  const Outcome o = load_timed("kind: Workflow\nx: a\x1b[31mred\n");
  CHECK(o.messages() ==
        std::vector<std::string>{"invalid YAML: control characters are not allowed (byte 0x1B)"});
  CHECK(o.first().loc.line == 2);
  CHECK(o.first().loc.column == 5);
  const Outcome c1 = load_timed("kind: Workflow\nx: \xC2\x85 ok \xC2\x9B no\n");
  CHECK(c1.messages() ==
        std::vector<std::string>{"invalid YAML: control characters are not allowed (U+009B)"});
  // Tab, CR, NEL, BOM and non-BMP characters are fine.
  const Outcome fine = load_timed(std::string("\xEF\xBB\xBF") + k_header +
                                  "    container:\r\n      image: \"a\tb \xF0\x9F\x98\x80\"\n");
  CHECK(fine.loaded->diagnostics.error_count() == 0);
}

TEST_CASE("hostile: a very long single line") {
  SECTION("a 6 MB plain scalar is just a long value") {
    const std::string text = std::string(k_header) + "    container:\n      image: alpine\n" +
                             "      args: [" + std::string(6 << 20, 'a') + "]\n";
    const Outcome o = load_timed(text);
    CHECK(o.loaded->diagnostics.all().empty());
    CHECK(o.loaded->documents.at(0).spec.templates.at(0).container->args.at(0).value.size() ==
          6u << 20);
  }
  SECTION("a 6 MB line of words") {
    std::string words;
    while (words.size() < 6u << 20) {
      words += "lorem ipsum, dolor: sit amet ";
    }
    const Outcome o = load_timed(std::string(k_header) + "    container:\n      image: alpine\n" +
                                 "      workingDir: '" + words + "'\n");
    CHECK(o.loaded->diagnostics.all().empty());
  }
  SECTION("a 4 MB line of digits resolves without regex recursion") {
    const Outcome o = load_timed(std::string(k_header) + "    container:\n      image: alpine\n" +
                                 "      args: [" + std::string(4 << 20, '7') + "]\n");
    CHECK(o.loaded->diagnostics.all().empty());
  }
}

TEST_CASE("hostile: a 7 MB flow sequence on one line is refused, not buffered") {
  std::string text = "[";
  while (text.size() < 7u << 20) {
    text += "1,";
  }
  text += "1]\n";
  const Outcome o = load_timed(text);
  CHECK(o.messages() ==
        std::vector<std::string>{"too much to read ahead after this point: more than 500000 of "
                                 "the characters []{},:&*!\"' in one flow collection or line "
                                 "(write large collections in block style)"});
  CHECK(o.first().check == "yaml-limit");
}

TEST_CASE("hostile: flow content hidden from the read-ahead estimate hits the memory backstop") {
  // The line `x: |` sits inside a double-quoted scalar, so the bracket line after the quote
  // looks like block scalar text to the estimate, while yaml-cpp buffers it as flow.
  // ASan's allocator is invisible to the heap check; there a smaller input only has to end.
  const size_t brackets = k_sanitized ? (1u << 20) : (7u << 20) - 20;
  const Outcome o = load_timed("a: \"\nx: |\n  \"\n  " + std::string(brackets, '[') + "\n");
  if (k_sanitized) {
    CHECK(o.loaded->diagnostics.has_errors());
  } else {
    CHECK(o.messages() ==
          std::vector<std::string>{"too much memory needed to read the YAML after this point "
                                   "(more than 384 MiB); write large collections in block style"});
    CHECK(o.first().loc.line == 1);
  }
}

TEST_CASE("hostile: a comment that looks like a block scalar hides nothing") {
  std::string text = "# key: |\n  [";
  while (text.size() < (3u << 20)) {
    text += "1,";
  }
  text += "1]\n";
  const Outcome o = load_timed(text);
  CHECK(o.first().message.rfind("too much to read ahead after this point", 0) == 0);
}

TEST_CASE("hostile: punctuation inside block scalars is not read-ahead") {
  // One block scalar is one token for yaml-cpp, whatever it holds.
  std::string text =
      std::string(k_header) + "    script:\n      image: alpine\n" + "      source: >-\n";
  while (text.size() < (6u << 20)) {
    text += "        [[[{{{,,,:::'''\"\"\"&&&***!!!]]]}}}\n";
  }
  text += "      command: [sh]\n";
  const Outcome o = load_timed(text);
  CHECK(o.loaded->diagnostics.all().empty());
}

TEST_CASE("hostile: a mapping with 300,000 keys loads in linear time") {
  std::string text;
  for (int i = 0; i < 300000; ++i) {
    text += fmt::format("k{}: {}\n", i, i);
  }
  text += "k7: again\n";
  const Outcome o = load_timed(text);
  REQUIRE(o.loaded->diagnostics.all().size() == 2);
  CHECK(o.loaded->diagnostics.all()[0].message ==
        "mapping key \"k7\" already defined at line 8; the earlier value is ignored");
  CHECK(o.loaded->diagnostics.all()[1].check == "not-a-workflow");
}

TEST_CASE("hostile: a workflow with 300,000 unknown fields") {
  std::string text = std::string(k_header) + "    container: {image: alpine}\n";
  for (int i = 0; i < 300000; ++i) {
    text += fmt::format("    x{}: 1\n", i);
  }
  const Outcome o = load_timed(text);
  CHECK(o.loaded->diagnostics.warning_count() == 300000);
  CHECK(o.loaded->diagnostics.error_count() == 0);
}

TEST_CASE("hostile: small YAML that decodes into huge typed structures") {
  SECTION("150,000 empty templates") {
    std::string text = std::string(k_header) + "    container: {image: alpine}\n";
    for (int i = 0; i < 150000; ++i) {
      text += "  - {}\n";
    }
    const Outcome o = load_timed(text);
    REQUIRE(o.loaded->with_check("document-too-large").size() == 1);
    CHECK(o.loaded->with_check("document-too-large")[0].message ==
          "too much to load: the templates, steps, containers and parameters in this file would "
          "need more than 128 MiB of memory (the rest of the file is not checked)");
  }
  SECTION("500,000 empty sidecars") {
    std::string text = std::string(k_header) + "    container: {image: alpine}\n    sidecars:\n";
    for (int i = 0; i < 500000; ++i) {
      text += "    - {}\n";
    }
    const Outcome o = load_timed(text);
    CHECK(o.loaded->with_check("document-too-large").size() == 1);
  }
  SECTION("200,000 tiny documents") {
    std::string text;
    for (int i = 0; i < 200000; ++i) {
      text += "kind: Workflow\n---\n";
    }
    const Outcome o = load_timed(text);
    CHECK(o.loaded->with_check("document-too-large").size() == 1);
    CHECK(o.loaded->documents.size() < 20000);
  }
}
