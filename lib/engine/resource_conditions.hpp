/// Resource templates' successCondition / failureCondition (spec 1.3): Kubernetes label
/// selector syntax (`status.phase == Succeeded`, `status.succeeded > 0`, `a in (x, y)`, `!a`;
/// a comma is AND) where each key is a gjson path into the object's JSON, as Argo's executor
/// evaluates them (workflow/executor/resource.go matchConditions).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/json_value.hpp"
#include "util/result.hpp"

namespace engine {

/// A label selector operator (k8s.io/apimachinery selection.Operator).
enum class SelectorOp {
  exists,
  does_not_exist,
  equals,
  double_equals,
  not_equals,
  in,
  not_in,
  greater,
  less
};

/// One requirement of a condition.
struct Requirement {
  std::string key;  ///< a gjson path: `status.phase`
  SelectorOp op = SelectorOp::exists;
  std::vector<std::string> values;

  /// Kubernetes' Requirement.String(): `status.phase==Succeeded`, `a in (x,y)`, `!a`.
  std::string to_string() const;
};

/// Parses a condition into requirements sorted by key (as labels.Parse does). Errors say
/// what was found and expected, e.g. `found '', expected: identifier after '=='`.
util::Result<std::vector<Requirement>> parse_condition(std::string_view text);

/// gjson's Get(json, path): the value at a dotted path (`status.phase`, `items.0.name`;
/// `\.` escapes a dot in a key). nullptr when it does not exist.
const expr::JsonValue* json_at_path(const expr::JsonValue& object, std::string_view path);

/// gjson's Result.String(): strings raw, numbers and literals as written, arrays and objects
/// as compact JSON.
std::string json_string(const expr::JsonValue& value);

/// Kubernetes' Requirement.Matches over the object (keys looked up by json_at_path).
bool requirement_matches(const Requirement& requirement, const expr::JsonValue& object);

/// Where the conditions leave a resource.
enum class ConditionState { succeeded, failed, waiting };

/// The verdict on one look at the object.
struct ConditionVerdict {
  ConditionState state = ConditionState::waiting;
  std::string message;  ///< failed: `failure condition 'status.phase==Failed' evaluated true`
};

/// Argo's matchConditions: any failure requirement that matches fails; otherwise success
/// needs every success requirement (none given: succeeded at once).
ConditionVerdict match_conditions(const std::vector<Requirement>& success,
                                  const std::vector<Requirement>& failure,
                                  const expr::JsonValue& object);

}  // namespace engine
