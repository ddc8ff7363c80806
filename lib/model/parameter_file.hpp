/// `--parameter-file`: workflow parameter values read from a YAML or JSON mapping.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"
#include "util/source.hpp"

namespace model {

/// Reads a parameter file as `argo submit --parameter-file` does: one mapping of parameter
/// names to values. String values are taken as they are; any other value (number, boolean,
/// null, list, mapping) becomes its compact JSON text, so `n: 1.50` gives "1.5" and
/// `xs: [1, 2]` gives "[1,2]". Pairs keep the file's order. An empty file gives no pairs.
/// Problems (syntax errors, a root that is not a mapping, several documents) are errors in
/// `diagnostics` with their position; the pairs read before them are still returned.
std::vector<std::pair<std::string, std::string>> load_parameter_file(const util::SourceFile& file,
                                                                     Diagnostics& diagnostics);

}  // namespace model
