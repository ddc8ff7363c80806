#include "model/variable_scope.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <vector>

namespace model {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Names Argo's lint accepts wherever they appear (resolveAllVariables): self references
// for metrics, values only known at run time, and the caller's step/task name.
bool always_allowed(std::string_view name) {
  static constexpr std::array<std::string_view, 7> k_allowed = {"outputs.",
                                                                "workflow.creationTimestamp",
                                                                "workflow.scheduledTime",
                                                                "workflow.duration",
                                                                "tasks.name",
                                                                "steps.name",
                                                                "node.name"};
  for (const std::string_view prefix : k_allowed) {
    if (starts_with(name, prefix)) {
      return true;
    }
  }
  return false;
}

bool is_pod_type(const Template& t) {
  return t.container || t.container_set || t.script || t.resource || t.data;
}

bool is_leaf(const Template& t) {
  return !t.steps && !t.dag;
}

void add_keys(const DocNode* mapping, std::string_view prefix, NameSet& names) {
  if (mapping == nullptr || !mapping->is_mapping()) {
    return;
  }
  for (const DocEntry& e : mapping->entries) {
    names.add(std::string(prefix) + e.key);
  }
}

// Labels, annotations and parameters a document contributes to the global scope.
void add_document_globals(const Workflow& doc, NameSet& names, bool& any_parameter) {
  for (const Parameter& p : doc.spec.arguments.parameters) {
    if (!p.name.value.empty()) {
      names.add("workflow.parameters." + p.name.value);
      any_parameter = true;
    }
  }
  for (const KeyValue& kv : doc.metadata.labels) {
    names.add("workflow.labels." + kv.key.value);
  }
  for (const KeyValue& kv : doc.metadata.annotations) {
    names.add("workflow.annotations." + kv.key.value);
  }
  if (const std::optional<DocNode>& meta = doc.spec.workflow_metadata) {
    add_keys(meta->find("labels"), "workflow.labels.", names);
    add_keys(meta->find("labelsFrom"), "workflow.labels.", names);
    add_keys(meta->find("annotations"), "workflow.annotations.", names);
  }
}

bool has_exit_handler(const Workflow& doc) {
  if (doc.spec.on_exit) {
    return true;
  }
  for (const LifecycleHook& hook : doc.spec.hooks) {
    if (hook.name.value == "exit") {
      return true;
    }
  }
  return false;
}

// Every template of a document, inline ones included.
void for_each_template(const Workflow& doc, const std::function<void(const Template&)>& fn) {
  std::function<void(const Template&)> visit = [&](const Template& t) {
    fn(t);
    auto visit_inline = [&](const Step& s) {
      if (s.inline_template) {
        visit(*s.inline_template);
      }
    };
    if (t.steps) {
      for (const StepGroup& g : *t.steps) {
        for (const Step& s : g.steps) {
          visit_inline(s);
        }
      }
    }
    if (t.dag) {
      for (const Step& s : t.dag->tasks) {
        visit_inline(s);
      }
    }
  };
  for (const Template& t : doc.spec.templates) {
    visit(t);
  }
}

void add_global_outputs(const Workflow& doc, GlobalScope& scope) {
  for_each_template(doc, [&](const Template& t) {
    for (const Parameter& p : t.outputs.parameters) {
      if (p.global_name && p.global_name->value.find("{{") != std::string::npos) {
        scope.any_output_parameter = true;
      } else if (p.global_name && !p.global_name->value.empty()) {
        scope.names.add("workflow.outputs.parameters." + p.global_name->value);
      }
    }
    for (const Artifact& a : t.outputs.artifacts) {
      if (a.global_name && a.global_name->value.find("{{") != std::string::npos) {
        scope.any_output_artifact = true;
      } else if (a.global_name && !a.global_name->value.empty()) {
        scope.names.add("workflow.outputs.artifacts." + a.global_name->value);
      }
    }
  });
}

// WorkflowTemplates the document calls through templateRef: their global outputs are
// exported to the calling workflow too.
std::vector<const Workflow*> referenced_documents(const ValidationContext& context) {
  std::vector<const Workflow*> docs;
  auto note = [&](const std::optional<TemplateRef>& ref) {
    if (!ref) {
      return;
    }
    const Workflow* doc = context.library.find(ref->name.value, ref->cluster_scope);
    if (doc != nullptr && doc != &context.workflow &&
        std::find(docs.begin(), docs.end(), doc) == docs.end()) {
      docs.push_back(doc);
    }
  };
  auto note_step = [&](const Step& s) {
    note(s.template_ref);
    for (const LifecycleHook& h : s.hooks) {
      note(h.template_ref);
    }
  };
  for_each_template(context.workflow, [&](const Template& t) {
    if (t.steps) {
      for (const StepGroup& g : *t.steps) {
        for (const Step& s : g.steps) {
          note_step(s);
        }
      }
    }
    if (t.dag) {
      for (const Step& s : t.dag->tasks) {
        note_step(s);
      }
    }
  });
  for (const LifecycleHook& h : context.workflow.spec.hooks) {
    note(h.template_ref);
  }
  return docs;
}

}  // namespace

NameClass classify_name(std::string_view name) {
  static constexpr std::array<std::string_view, 7> k_prefixes = {
      "item.", "steps.", "inputs.", "outputs.", "pod.", "workflow.", "tasks."};
  for (const std::string_view prefix : k_prefixes) {
    if (starts_with(name, prefix)) {
      return NameClass::argo;
    }
  }
  if (name == "item" || name == "retries" || name == "lastRetry" ||
      starts_with(name, "lastRetry.")) {
    return NameClass::extra;
  }
  return NameClass::unchecked;
}

bool NameSet::contains(std::string_view name, Lookup lookup) const {
  if (m_names.find(name) != m_names.end()) {
    return true;
  }
  if (lookup == Lookup::exact) {
    return false;
  }
  const std::string prefix = std::string(name) + '.';
  const auto it = m_names.lower_bound(prefix);
  return it != m_names.end() && starts_with(*it, prefix);
}

GlobalScope GlobalScope::build(const ValidationContext& context) {
  const Workflow& wf = context.workflow;
  GlobalScope scope;
  for (const char* name :
       {"workflow.name", "workflow.namespace", "workflow.uid", "workflow.mainEntrypoint",
        "workflow.serviceAccountName", "workflow.status", "workflow.labels", "workflow.labels.json",
        "workflow.annotations", "workflow.annotations.json"}) {
    scope.names.add(name);
  }
  if (wf.spec.priority) {
    scope.names.add("workflow.priority");
  }
  bool any_parameter = false;
  bool exit_handler = has_exit_handler(wf);
  add_document_globals(wf, scope.names, any_parameter);
  if (const std::optional<WorkflowTemplateRef>& ref = wf.spec.workflow_template_ref) {
    if (const Workflow* base = context.library.find(ref->name.value, ref->cluster_scope)) {
      add_document_globals(*base, scope.names, any_parameter);
      exit_handler = exit_handler || has_exit_handler(*base);
      add_global_outputs(*base, scope);
    }
  }
  for (const auto& [name, value] : context.options.parameters) {
    scope.names.add("workflow.parameters." + name);
    any_parameter = true;
  }
  if (any_parameter) {
    scope.names.add("workflow.parameters");
    scope.names.add("workflow.parameters.json");
  }
  if (exit_handler) {
    scope.names.add("workflow.failures");
  }
  add_global_outputs(wf, scope);
  for (const Workflow* doc : referenced_documents(context)) {
    add_global_outputs(*doc, scope);
  }
  scope.any_workflow_parameter =
      wf.kind == Kind::workflow_template || wf.kind == Kind::cluster_workflow_template;
  return scope;
}

NodeTable::NodeTable(const Template& tmpl, const ValidationContext& context) {
  auto add = [&](const Step& step, size_t group) {
    NodeEntry entry;
    entry.step = &step;
    entry.callee = context.resolve(step, context.workflow);
    entry.looped = (step.with_items && !step.with_items->items.empty()) || step.with_param ||
                   step.with_sequence;
    entry.group = group;
    m_entries.emplace(step.name.value, entry);  // the first of duplicate names wins
  };
  if (tmpl.dag) {
    m_ancestry = std::make_unique<DagAncestry>(tmpl.dag->tasks);
    for (size_t i = 0; i < tmpl.dag->tasks.size(); ++i) {
      add(tmpl.dag->tasks[i], i);
    }
  } else if (tmpl.steps) {
    for (size_t g = 0; g < tmpl.steps->size(); ++g) {
      for (const Step& step : (*tmpl.steps)[g].steps) {
        add(step, g);
      }
    }
  }
}

const NodeEntry* NodeTable::find(std::string_view name) const {
  const auto it = m_entries.find(name);
  return it == m_entries.end() ? nullptr : &it->second;
}

bool NodeTable::is_ancestor(const NodeEntry& ancestor, const NodeEntry& task) const {
  return m_ancestry && m_ancestry->is_ancestor(ancestor.group, task.group);
}

TemplateScope::TemplateScope(const Template& tmpl, bool has_retry) {
  for (const Parameter& p : tmpl.inputs.parameters) {
    m_names.add("inputs.parameters." + p.name.value);
  }
  if (!tmpl.inputs.parameters.empty()) {
    m_names.add("inputs.parameters");
  }
  for (const Artifact& a : tmpl.inputs.artifacts) {
    m_names.add("inputs.artifacts." + a.name.value);
    if (is_leaf(tmpl)) {
      m_names.add("inputs.artifacts." + a.name.value + ".path");
    }
  }
  if (is_pod_type(tmpl)) {
    m_names.add("pod.name");
  }
  if (has_retry) {
    for (const char* name : {"retries", "lastRetry.exitCode", "lastRetry.status",
                             "lastRetry.duration", "lastRetry.message"}) {
      m_names.add(name);
    }
  }
}

void TemplateScope::set_outer(const TemplateScope* outer, const RefSite& outer_site) {
  m_outer = outer;
  m_outer_site = outer_site;
}

bool has_result_output(const Template& t) {
  if (t.container || t.script || t.data || t.http || t.plugin) {
    return true;
  }
  if (t.container_set) {
    for (const Container& c : t.container_set->containers) {
      if (c.name && c.name->value == "main") {
        return true;
      }
    }
  }
  return false;
}

Resolution Resolver::resolve(std::string_view name, Lookup lookup, const TemplateScope& scope,
                             const RefSite& site) const {
  Resolution own = resolve_here(name, lookup, scope, site);
  if (own.verdict != Verdict::resolved && scope.outer() != nullptr) {
    Resolution outer = resolve(name, lookup, *scope.outer(), scope.outer_site());
    if (outer.verdict != Verdict::unresolved) {
      return outer;
    }
  }
  return own;
}

Resolution Resolver::resolve_here(std::string_view name, Lookup lookup, const TemplateScope& scope,
                                  const RefSite& site) const {
  const auto verdict = [](bool ok) {
    return Resolution{ok ? Verdict::resolved : Verdict::unresolved, {}};
  };
  if (always_allowed(name)) {
    return verdict(true);
  }
  if (starts_with(name, "workflow.")) {
    return verdict(
        (m_globals.any_workflow_parameter && starts_with(name, "workflow.parameters")) ||
        (m_globals.any_output_parameter && starts_with(name, "workflow.outputs.parameters.")) ||
        (m_globals.any_output_artifact && starts_with(name, "workflow.outputs.artifacts.")) ||
        m_globals.names.contains(name, lookup));
  }
  if (name == "item" || starts_with(name, "item.")) {
    return verdict(resolve_item(name, lookup, site));
  }
  if (starts_with(name, "steps.") || starts_with(name, "tasks.")) {
    return resolve_node(name, lookup, site);
  }
  return verdict(scope.names().contains(name, lookup));
}

bool Resolver::resolve_item(std::string_view name, Lookup lookup, const RefSite& site) const {
  const ItemScope* item = site.item;
  if (item == nullptr || !item->looping) {
    return false;
  }
  if (name == "item" || item->any_key) {
    return true;
  }
  const std::string_view key = name.substr(5);
  if (item->keys.count(std::string(key)) > 0) {
    return true;
  }
  // In an expression `item.a.b` indexes into the value of key `a`.
  return lookup == Lookup::expression &&
         item->keys.count(std::string(key.substr(0, key.find('.')))) > 0;
}

Resolution Resolver::resolve_node(std::string_view name, Lookup lookup, const RefSite& site) const {
  const Resolution unresolved{Verdict::unresolved, {}};
  const bool steps = starts_with(name, "steps.");
  if (site.nodes == nullptr || site.nodes->is_dag() == steps) {
    return unresolved;
  }
  const std::string_view rest = name.substr(6);  // after "steps." or "tasks."
  const size_t dot = rest.find('.');
  const std::string_view node_name = rest.substr(0, dot);
  const std::string_view suffix = dot == std::string_view::npos ? "" : rest.substr(dot + 1);
  const NodeEntry* entry = site.nodes->find(node_name);
  if (entry == nullptr) {
    return unresolved;
  }
  if (suffix.empty()
          ? lookup == Lookup::exact
          : entry->callee &&
                !callee_outputs(*entry->callee.tmpl, entry->looped).contains(suffix, lookup)) {
    return unresolved;
  }
  const bool self = entry == site.current;
  bool visible = false;
  if (self) {
    visible = site.in_hook;
  } else if (site.all_nodes) {
    visible = true;
  } else if (site.current != nullptr) {
    visible =
        steps ? entry->group < site.current->group : site.nodes->is_ancestor(*entry, *site.current);
  }
  if (visible) {
    return {Verdict::resolved, {}};
  }
  if (!steps && !self && site.in_arguments) {
    return {Verdict::missing_dependency, std::string(node_name)};
  }
  return unresolved;
}

const NameSet& Resolver::callee_outputs(const Template& callee, bool looped) const {
  const auto key = std::make_pair(&callee, looped);
  const auto found = m_outputs.find(key);
  if (found != m_outputs.end()) {
    return found->second;
  }
  NameSet& names = m_outputs[key];
  for (const char* suffix : {"id", "startedAt", "finishedAt", "hostNodeName", "status"}) {
    names.add(suffix);
  }
  if (callee.daemon) {
    names.add("ip");
  }
  if (has_result_output(callee)) {
    names.add("outputs.result");
    names.add("exitCode");
  }
  for (const Parameter& p : callee.outputs.parameters) {
    names.add("outputs.parameters." + p.name.value);
  }
  for (const Artifact& a : callee.outputs.artifacts) {
    names.add("outputs.artifacts." + a.name.value);
  }
  if (looped) {
    names.add("outputs.parameters");
  }
  return names;
}

}  // namespace model
