/// CLI11, included once for all of cmd/flowrun.
#pragma once

// GCC 12 reports a false "potential null pointer dereference" at -O2 inside std::string code
// inlined into CLI::detail::split (a vector<string> reallocation). It is not our code and
// -Werror would stop the build, so this one warning is off for CLI11's headers only.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include <CLI/CLI.hpp>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
