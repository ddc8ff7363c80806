#include "model/parameter_file.hpp"

#include <fmt/format.h>

#include "model/doc_node.hpp"
#include "model/yaml_reader.hpp"

namespace model {
namespace {

/// Argo marshals non-string values back to JSON; strings keep their text unquoted.
std::string parameter_value(const DocNode& value) {
  if (value.is_scalar() && value.scalar_type() == ScalarType::string) {
    return value.text;
  }
  return to_json(value);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> load_parameter_file(const util::SourceFile& file,
                                                                     Diagnostics& diagnostics) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::vector<YamlDocument> documents = read_yaml(file, diagnostics);
  const YamlDocument* mapping_document = nullptr;
  for (const YamlDocument& document : documents) {
    if (document.root.is_null()) {
      continue;  // an empty file, or an empty document between two `---`
    }
    if (mapping_document != nullptr) {
      diagnostics.error(document.root.loc, "parameter-file",
                        fmt::format("a parameter file holds one mapping of parameter names to "
                                    "values, but a second document starts here (the first is "
                                    "at line {})",
                                    mapping_document->root.loc.line));
      break;
    }
    if (!document.root.is_mapping()) {
      diagnostics.error(document.root.loc, "parameter-file",
                        fmt::format("a parameter file must be a mapping of parameter names to "
                                    "values, found {}",
                                    describe(document.root)));
      return out;
    }
    mapping_document = &document;
  }
  if (mapping_document == nullptr) {
    return out;
  }
  for (const DocEntry& entry : mapping_document->root.entries) {
    out.emplace_back(entry.key, parameter_value(entry.value));
  }
  return out;
}

}  // namespace model
