// Validation checks: names (see validation_context.hpp).
#include "model/validation_context.hpp"

namespace model {

void check_names(const ValidationContext& /*context*/) {}

}  // namespace model
