#include "model/loader.hpp"

#include <memory>

#include <fmt/format.h>

#include "model/decode.hpp"

namespace model {
namespace {

constexpr std::string_view k_api_version = "argoproj.io/v1alpha1";

std::optional<Kind> kind_from_string(std::string_view text) {
  if (text == "Workflow") {
    return Kind::workflow;
  }
  if (text == "WorkflowTemplate") {
    return Kind::workflow_template;
  }
  if (text == "ClusterWorkflowTemplate") {
    return Kind::cluster_workflow_template;
  }
  if (text == "CronWorkflow") {
    return Kind::cron_workflow;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Workflow> load_documents(const util::SourceFile& file, Diagnostics& diagnostics,
                                     const YamlLimits& limits) {
  std::vector<Workflow> out;
  DecodeBudget budget;  // shared by the documents: many small documents add up too
  const size_t errors_before = diagnostics.error_count();
  std::vector<YamlDocument> documents = read_yaml(file, diagnostics, limits);
  bool skipped_other_kind = false;
  for (const YamlDocument& doc : documents) {
    if (budget.exhausted) {
      break;
    }
    const DocNode& root = doc.root;
    if (root.is_null()) {
      continue;  // an empty document between two `---`
    }
    if (!root.is_mapping()) {
      diagnostics.error(root.loc, "not-a-manifest",
                        fmt::format("expected a Kubernetes object (a mapping with apiVersion, "
                                    "kind, metadata and spec), found {}",
                                    describe(root)));
      continue;
    }
    const DocNode* kind_node = root.find("kind");
    if (kind_node == nullptr || !kind_node->is_scalar()) {
      diagnostics.error(root.loc, "not-a-workflow",
                        "kind is missing: expected kind: Workflow (or WorkflowTemplate, "
                        "ClusterWorkflowTemplate, CronWorkflow)");
      continue;
    }
    const std::optional<Kind> kind = kind_from_string(kind_node->text);
    if (!kind) {
      diagnostics.warning(
          kind_node->loc, "other-kind",
          fmt::format("kind {} is not a workflow kind; this document is ignored", kind_node->text));
      skipped_other_kind = true;
      continue;
    }
    const DocNode* api_version = root.find("apiVersion");
    if (api_version == nullptr || !api_version->is_scalar() || api_version->text != k_api_version) {
      diagnostics.error(api_version ? api_version->loc : root.loc, "api-version",
                        fmt::format("apiVersion must be {}{}", k_api_version,
                                    api_version && api_version->is_scalar()
                                        ? fmt::format(", not {}", api_version->text)
                                        : std::string()));
    }
    std::vector<IgnoredField> ignored;
    DecodeContext decode_context{diagnostics, ignored, budget};
    Workflow wf = decode_document(root, *kind, decode_context);
    wf.ignored_fields = std::move(ignored);
    wf.document = std::make_shared<const DocNode>(root);
    out.push_back(std::move(wf));
  }
  if (out.empty() && diagnostics.error_count() == errors_before) {
    diagnostics.error(
        {&file, documents.empty() ? 0u : 1u, documents.empty() ? 0u : 1u}, "not-a-workflow",
        skipped_other_kind ? "no Workflow, WorkflowTemplate, ClusterWorkflowTemplate or "
                             "CronWorkflow in this file"
                           : "empty file: expected a Workflow manifest");
  }
  return out;
}

}  // namespace model
