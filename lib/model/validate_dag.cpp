// Validation checks: dag (see validation_context.hpp).
#include "model/validation_context.hpp"

namespace model {

void check_dag(const ValidationContext& /*context*/) {}

}  // namespace model
