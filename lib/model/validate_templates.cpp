// Validation checks: templates (see validation_context.hpp).
#include "model/validation_context.hpp"

namespace model {

void check_templates(const ValidationContext& /*context*/) {}

}  // namespace model
