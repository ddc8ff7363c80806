/// The preflight's checks of data templates (spec 1.4): only `source.artifactPaths` on a
/// location the local artifact repository can list runs here.
#pragma once

#include <vector>

#include "engine/preflight.hpp"
#include "model/template.hpp"

namespace engine {

/// Adds what `tmpl`'s data source needs that this version cannot give: a location kind that
/// is not a place in the repository (http, git, raw, artifactory, plugin, or none), hdfs
/// (which Argo cannot list either), and literal buckets or keys that leave the repository.
/// Does nothing for other template types.
void check_data_template(const model::Template& tmpl, std::vector<Unsupported>& found);

}  // namespace engine
