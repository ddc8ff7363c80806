#include "model/workflow_template_ref.hpp"

#include <string>

#include <fmt/format.h>

#include "model/decode.hpp"
#include "model/field_reader.hpp"

namespace model {
namespace {

/// The mapping entry `key` of `node`, or nullptr.
DocNode* find_mutable(DocNode& node, std::string_view key) {
  for (DocEntry& entry : node.entries) {
    if (entry.key == key) {
      return &entry.value;
    }
  }
  return nullptr;
}

/// Sets `key` in mapping `node` to `value`, replacing an existing entry in place.
void put(DocNode& node, const DocEntry& entry) {
  if (DocNode* existing = find_mutable(node, entry.key)) {
    *existing = entry.value;
    return;
  }
  node.entries.push_back(entry);
}

/// Merges list `overlay` into list `base` by each item's `name`: same names are replaced in
/// place, new ones appended (Kubernetes' strategic merge for arguments).
void merge_named_list(DocNode& base, const DocNode& overlay) {
  if (!base.is_sequence() || !overlay.is_sequence()) {
    base = overlay;
    return;
  }
  for (const DocNode& item : overlay.items) {
    const DocNode* name = item.find("name");
    bool replaced = false;
    for (DocNode& existing : base.items) {
      const DocNode* existing_name = existing.find("name");
      if (name != nullptr && existing_name != nullptr && existing_name->text == name->text) {
        existing = item;
        replaced = true;
      }
    }
    if (!replaced) {
      base.items.push_back(item);
    }
  }
}

/// The workflow's spec over the template's (both mappings).
DocNode join_specs(const DocNode& template_spec, const DocNode& workflow_spec) {
  DocNode joined = template_spec;
  joined.loc = workflow_spec.loc;
  for (const DocEntry& entry : workflow_spec.entries) {
    if (entry.key == "workflowTemplateRef") {
      continue;
    }
    DocNode* base = find_mutable(joined, entry.key);
    if (entry.key != "arguments" || base == nullptr || !base->is_mapping() ||
        !entry.value.is_mapping()) {
      put(joined, entry);
      continue;
    }
    for (const DocEntry& list : entry.value.entries) {
      DocNode* base_list = find_mutable(*base, list.key);
      if (base_list != nullptr && (list.key == "parameters" || list.key == "artifacts")) {
        merge_named_list(*base_list, list.value);
      } else {
        put(*base, list);
      }
    }
  }
  return joined;
}

}  // namespace

std::optional<Workflow> join_workflow_template(const Workflow& workflow,
                                               const TemplateLibrary& library,
                                               Diagnostics& diagnostics) {
  const std::optional<WorkflowTemplateRef>& ref = workflow.spec.workflow_template_ref;
  if (!ref || workflow.document == nullptr) {
    return workflow;
  }
  const Workflow* target = library.find(ref->name.value, ref->cluster_scope);
  if (target == nullptr || target->document == nullptr) {
    diagnostics.error(
        ref->name.loc, "workflow-template-not-found",
        fmt::format("{}.argoproj.io \"{}\" not found",
                    ref->cluster_scope ? "clusterworkflowtemplates" : "workflowtemplates",
                    ref->name.value));
    return std::nullopt;
  }
  const DocNode* template_spec = target->document->find("spec");
  DocNode root = *workflow.document;
  // A CronWorkflow keeps the Workflow's spec under spec.workflowSpec.
  DocNode* spec = find_mutable(root, "spec");
  if (spec != nullptr && workflow.kind == Kind::cron_workflow) {
    spec = find_mutable(*spec, "workflowSpec");
  }
  if (spec == nullptr || template_spec == nullptr || !spec->is_mapping() ||
      !template_spec->is_mapping()) {
    return workflow;  // validation already reported a spec that is not a mapping
  }
  *spec = join_specs(*template_spec, *spec);
  // Both documents were decoded (and reported) when they were loaded: what decoding the
  // joined one says again is not news.
  Diagnostics again;
  std::vector<IgnoredField> ignored;
  DecodeBudget budget;
  DecodeContext context{again, ignored, budget};
  Workflow joined = decode_document(root, workflow.kind, context);
  joined.ignored_fields = workflow.ignored_fields;
  joined.document = std::make_shared<const DocNode>(std::move(root));
  return joined;
}

}  // namespace model
