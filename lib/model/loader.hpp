/// Loading manifest files: YAML text to typed documents, with every problem reported.
#pragma once

#include <vector>

#include "model/diagnostic.hpp"
#include "model/doc_node.hpp"
#include "model/workflow.hpp"
#include "model/yaml_reader.hpp"
#include "util/source.hpp"

namespace model {

/// Reads every document of `file`. Workflow, WorkflowTemplate, ClusterWorkflowTemplate and
/// CronWorkflow documents are decoded and returned; other kinds are skipped with a warning.
/// A file with no workflow-kind document at all is an error.
std::vector<Workflow> load_documents(const util::SourceFile& file, Diagnostics& diagnostics,
                                     const YamlLimits& limits = {});

}  // namespace model
