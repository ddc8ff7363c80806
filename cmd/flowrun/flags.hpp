/// Command-line flags shared by several commands, and the validators behind them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli11.hpp"

namespace cli {

/// The workflow-input flags of `lint` and `run`, as parsed (before any file is read).
struct InputFlags {
  std::vector<std::string> files;
  std::vector<std::string> parameters;  ///< raw -p values, each checked to hold '='
  std::optional<std::string> parameter_file;
  std::optional<std::string> entrypoint;
};

/// Adds the FILE... positional and -p/--parameter, --parameter-file and --entrypoint.
void add_input_flags(CLI::App& command, InputFlags& flags);

/// Splits "NAME=VALUE" on the first '=' ("a=b=c" gives {"a", "b=c"}). The validators have
/// already rejected values without '=' or with an empty NAME.
std::pair<std::string, std::string> split_assignment(std::string_view text);

/// NAME=VALUE with a non-empty NAME; `what` names the parts in the message ("NAME=VALUE").
CLI::Validator assignment_validator(const std::string& what, bool value_required);
/// Why `text` is not FROM=TO (two non-empty image references without spaces, split on the
/// first '='), e.g. `expected FROM=TO, got "alpine" (no '=')`; empty when it is.
std::string image_mapping_error(std::string_view text);
/// FROM=TO as image_mapping_error() checks it (--image-map).
CLI::Validator image_mapping_validator();
/// A decimal integer from 1 to INT_MAX.
CLI::Validator positive_integer_validator();
/// A Kubernetes object name that Argo accepts for a workflow (RFC 1123 subdomain, <= 63).
CLI::Validator workflow_name_validator();

}  // namespace cli
