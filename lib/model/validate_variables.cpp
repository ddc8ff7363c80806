// Validation checks: variables (see validation_context.hpp).
#include "model/validation_context.hpp"

namespace model {

void check_variables(const ValidationContext& /*context*/) {}

}  // namespace model
