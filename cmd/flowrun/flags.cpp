#include "flags.hpp"

#include <cctype>
#include <climits>

#include <fmt/format.h>

namespace cli {
namespace {

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool has_space(std::string_view text) {
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::pair<std::string, std::string> split_assignment(std::string_view text) {
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    return {std::string(text), std::string()};
  }
  return {std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

CLI::Validator assignment_validator(const std::string& what, bool value_required) {
  return CLI::Validator(
      [what, value_required](std::string& text) -> std::string {
        const size_t equals = text.find('=');
        if (equals == std::string::npos) {
          return fmt::format("expected {}, got \"{}\" (no '=')", what, text);
        }
        if (equals == 0) {
          return fmt::format("expected {}, got \"{}\" (the name before '=' is empty)", what, text);
        }
        if (value_required && equals + 1 == text.size()) {
          return fmt::format("expected {}, got \"{}\" (nothing after '=')", what, text);
        }
        return {};
      },
      "");
}

std::string image_mapping_error(std::string_view text) {
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    return fmt::format("expected FROM=TO, got \"{}\" (no '=')", text);
  }
  if (equals == 0) {
    return fmt::format("expected FROM=TO, got \"{}\" (the name before '=' is empty)", text);
  }
  if (equals + 1 == text.size()) {
    return fmt::format("expected FROM=TO, got \"{}\" (nothing after '=')", text);
  }
  if (has_space(text)) {
    return fmt::format("expected FROM=TO, got \"{}\" (image names have no spaces)", text);
  }
  return {};
}

CLI::Validator image_mapping_validator() {
  return CLI::Validator([](std::string& text) -> std::string { return image_mapping_error(text); },
                        "");
}

CLI::Validator positive_integer_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::string error =
            fmt::format("expected a positive integer (1 or more), got \"{}\"", text);
        if (text.empty() || text.size() > 10) {
          return error;
        }
        long long value = 0;
        for (char c : text) {
          if (c < '0' || c > '9') {
            return error;
          }
          value = value * 10 + (c - '0');
        }
        return value >= 1 && value <= INT_MAX ? std::string() : error;
      },
      "");
}

CLI::Validator workflow_name_validator() {
  return CLI::Validator(
      [](std::string& name) -> std::string {
        // Argo puts the workflow name in a label value, hence 63 rather than 253.
        if (name.size() > 63) {
          return fmt::format("\"{}\" is {} characters long; a workflow name has at most 63", name,
                             name.size());
        }
        bool valid = !name.empty() && is_lower_alnum(name.front()) && is_lower_alnum(name.back());
        for (char c : name) {
          valid = valid && (is_lower_alnum(c) || c == '-' || c == '.');
        }
        if (!valid) {
          return fmt::format(
              "\"{}\" is not a valid name: a lowercase RFC 1123 subdomain must consist of "
              "lower case alphanumeric characters, '-' or '.', and must start and end with an "
              "alphanumeric character",
              name);
        }
        return {};
      },
      "");
}

void add_input_flags(CLI::App& command, InputFlags& flags) {
  command
      .add_option("FILE", flags.files,
                  "Manifests: YAML or JSON, several documents per file;\n"
                  "- reads standard input")
      ->type_name("")
      ->required();
  command
      .add_option("-p,--parameter", flags.parameters,
                  "Set workflow parameter NAME to VALUE (split on the first\n"
                  "'='); repeatable; wins over --parameter-file")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false)
      ->check(assignment_validator("NAME=VALUE", false));
  command
      .add_option("--parameter-file", flags.parameter_file,
                  "Workflow parameters from a YAML or JSON mapping of names\n"
                  "to values (a value that is not a string: its JSON text)")
      ->type_name("FILE");
  command
      .add_option("--entrypoint", flags.entrypoint,
                  "Start at template NAME instead of spec.entrypoint")
      ->type_name("NAME")
      ->check(CLI::Validator(
          [](std::string& name) -> std::string {
            return name.empty() || has_space(name) ? "expected a template name" : "";
          },
          ""));
}

}  // namespace cli
