// Validation checks: arguments (see validation_context.hpp).
#include "model/validation_context.hpp"

namespace model {

void check_arguments(const ValidationContext& /*context*/) {}

}  // namespace model
