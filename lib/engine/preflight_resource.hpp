/// The preflight's checks of resource templates (spec 1.3): refused with their position
/// when no backend can carry them out (Docker without --kube-context), when the backend
/// cannot handle the manifest's kind, or when an output needs what flowrun cannot evaluate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/preflight.hpp"
#include "engine/resource_backend.hpp"
#include "model/template.hpp"

namespace engine {

/// The message for a resource template when no backend is configured.
inline constexpr std::string_view k_no_resource_backend =
    "resource templates need Podman (podman kube play) or a cluster (--kube-context)";

/// Adds what keeps `tmpl` (a resource template) from running with `backend` (null: none).
void check_resource_template(const model::Template& tmpl, const ResourceBackend* backend,
                             std::vector<Unsupported>& found);

/// A kubectl resource name as a kind: `pod`, `pods`, `po` -> Pod; `cm` -> ConfigMap; ...
/// Unknown names come back as given.
std::string kind_from_resource_name(std::string_view name);

/// `text` with every `{{...}}` tag replaced by `x`, so a manifest that is only complete after
/// substitution still parses for its kind.
std::string blank_tags(std::string_view text);

}  // namespace engine
