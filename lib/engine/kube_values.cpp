#include "engine/kube_values.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

namespace engine {
namespace {

const std::string* lookup(const KubeEnv& env, std::string_view name) {
  const std::string* found = nullptr;
  for (const auto& [key, value] : env) {
    if (key == name) {
      found = &value;
    }
  }
  return found;
}

util::Error bad_quantity(std::string_view what, std::string_view text) {
  return util::make_error(util::ErrorCode::invalid_input,
                          fmt::format("quantities must match the regular expression "
                                      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': {} '{}'",
                                      what, text));
}

/// Splits a quantity into its number and suffix; false when it is not one.
bool split_quantity(std::string_view text, double& number, std::string_view& suffix) {
  std::size_t end = 0;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) != 0 || text[end] == '.' ||
          ((text[end] == '+' || text[end] == '-') && end == 0))) {
    ++end;
  }
  std::string digits(text.substr(0, end));
  if (digits.empty() || digits == "+" || digits == "-" || digits == ".") {
    return false;
  }
  try {
    std::size_t used = 0;
    number = std::stod(digits, &used);
    if (used != digits.size()) {
      return false;
    }
  } catch (...) {
    return false;
  }
  suffix = text.substr(end);
  return true;
}

/// The multiplier of a quantity suffix; 0 when unknown.
double suffix_factor(std::string_view suffix) {
  struct Unit {
    std::string_view name;
    double factor;
  };
  static constexpr Unit k_units[] = {{"", 1},
                                     {"m", 1e-3},
                                     {"k", 1e3},
                                     {"M", 1e6},
                                     {"G", 1e9},
                                     {"T", 1e12},
                                     {"P", 1e15},
                                     {"E", 1e18},
                                     {"Ki", 1024.0},
                                     {"Mi", 1048576.0},
                                     {"Gi", 1073741824.0},
                                     {"Ti", 1099511627776.0},
                                     {"Pi", 1125899906842624.0},
                                     {"Ei", 1152921504606846976.0}};
  for (const Unit& unit : k_units) {
    if (unit.name == suffix) {
      return unit.factor;
    }
  }
  if (suffix.size() >= 2 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string exponent(suffix.substr(1));
    try {
      std::size_t used = 0;
      int value = std::stoi(exponent, &used);
      if (used == exponent.size()) {
        return std::pow(10.0, value);
      }
    } catch (...) {
    }
  }
  return 0;
}

util::Result<double> quantity_value(std::string_view what, std::string_view text) {
  double number = 0;
  std::string_view suffix;
  if (!split_quantity(text, number, suffix)) {
    return bad_quantity(what, text);
  }
  double factor = suffix_factor(suffix);
  if (factor == 0 || number < 0) {
    return bad_quantity(what, text);
  }
  return number * factor;
}

}  // namespace

std::string expand_kube_vars(std::string_view text, const KubeEnv& env) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 == text.size()) {
      out.push_back(text[i]);
      continue;
    }
    const char next = text[i + 1];
    if (next == '$') {
      out.push_back('$');
      ++i;
    } else if (next == '(') {
      const std::size_t close = text.find(')', i + 2);
      if (close == std::string_view::npos) {
        out.append(text.substr(i));  // no closing paren: the rest is literal
        break;
      }
      const std::string_view name = text.substr(i + 2, close - i - 2);
      const std::string* value = name.empty() ? nullptr : lookup(env, name);
      if (value != nullptr) {
        out += *value;
      } else {
        out.append(text.substr(i, close - i + 1));
      }
      i = close;
    } else {
      out.push_back('$');
    }
  }
  return out;
}

KubeEnv expand_kube_env(const KubeEnv& env) {
  KubeEnv out;
  out.reserve(env.size());
  for (const auto& [name, value] : env) {
    std::string expanded = expand_kube_vars(value, out);
    out.emplace_back(name, std::move(expanded));
  }
  return out;
}

util::Result<std::string> cpu_quantity(std::string_view text) {
  auto value = quantity_value("cpu", text);
  if (!value) {
    return value.error();
  }
  if (*value <= 0) {
    return util::make_error(util::ErrorCode::invalid_input,
                            fmt::format("resources.limits.cpu '{}' must be more than 0", text));
  }
  std::string out = fmt::format("{:.3f}", *value);
  while (out.back() == '0') {
    out.pop_back();
  }
  if (out.back() == '.') {
    out.pop_back();
  }
  return out;
}

util::Result<std::string> memory_quantity(std::string_view text) {
  auto value = quantity_value("memory", text);
  if (!value) {
    return value.error();
  }
  const double bytes = std::ceil(*value);
  if (bytes <= 0 || bytes > static_cast<double>(std::numeric_limits<std::int64_t>::max())) {
    return util::make_error(util::ErrorCode::invalid_input,
                            fmt::format("resources.limits.memory '{}' is out of range", text));
  }
  return fmt::format("{}", static_cast<std::int64_t>(bytes));
}

}  // namespace engine
