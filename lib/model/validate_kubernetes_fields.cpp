// Validation checks: kubernetes_fields (see validation_context.hpp).
#include "model/validation_context.hpp"

namespace model {

void check_kubernetes_fields(const ValidationContext& /*context*/) {}

}  // namespace model
