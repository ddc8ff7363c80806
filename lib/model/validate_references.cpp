// Validation checks: references (see validation_context.hpp).
#include "model/validation_context.hpp"

namespace model {

void check_references(const ValidationContext& /*context*/) {}

}  // namespace model
