// `flowrun version` and `flowrun --version`: what this binary is and what it was built with.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli11.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"

namespace cli {
namespace {

/// GCC's __VERSION__ is only the number ("12.2.0"); clang's names itself.
std::string compiler_text() {
#if defined(__clang__)
  return __VERSION__;
#elif defined(__GNUC__)
  return std::string("GCC ") + __VERSION__;
#else
  return __VERSION__;
#endif
}

}  // namespace

std::string version_text() {
  // yaml-cpp has no version macro, so it is not listed.
  return fmt::format(
      "flowrun {}\n"
      "fmt {}.{}.{}\n"
      "CLI11 {}\n"
      "nlohmann_json {}.{}.{}\n"
      "compiler {}",
      FLOWRUN_VERSION, FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100,
      CLI11_VERSION, NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
      NLOHMANN_JSON_VERSION_PATCH, compiler_text());
}

void register_version_command(CLI::App& app, Invocation& invocation) {
  CLI::App* version = app.add_subcommand(
      "version", "Print the flowrun version and the libraries it was built with");
  version->callback([&invocation] {
    invocation.action = [] {
      fmt::print("{}\n", version_text());
      return k_exit_success;
    };
  });
}

}  // namespace cli
