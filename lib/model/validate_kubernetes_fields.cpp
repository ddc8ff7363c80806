// Validation checks: fields that only mean something on Kubernetes. flowrun reads them, does
// not honour them, and says so once per field (spec sections 2.5, 3.2 and 10).
#include <fmt/format.h>

#include "model/validation_context.hpp"

namespace model {

void check_kubernetes_fields(const ValidationContext& context) {
  for (const IgnoredField& field : context.workflow.ignored_fields) {
    context.warning(field.loc, "k8s-only",
                    fmt::format("{} only has an effect on Kubernetes; flowrun ignores it when "
                                "running locally",
                                field.path));
  }
}

}  // namespace model
