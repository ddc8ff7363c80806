/// Which `{{...}}` variables are in scope where, following Argo's lint
/// (workflow/validate/validate.go) and the catalog in spec section 5. Internal to model/.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "model/dag_ancestry.hpp"
#include "model/validation_context.hpp"

namespace model {

/// How a name is looked up. A simple tag needs the exact variable; an expression may also
/// name a map that holds variables (`inputs.parameters`, `steps.a.outputs`).
enum class Lookup { exact, expression };

/// Which names the check looks at at all. Argo's lint checks names with the prefixes
/// item. steps. inputs. outputs. pod. workflow. tasks.; flowrun also checks `item`,
/// `retries` and `lastRetry.*`, which Argo leaves to run time (`extra`).
enum class NameClass { unchecked, argo, extra };
/// The class of a (trimmed) tag name or expression path.
NameClass classify_name(std::string_view name);

/// A sorted set of variable names.
class NameSet {
 public:
  /// Adds a variable name (duplicates are ignored).
  void add(std::string name) { m_names.insert(std::move(name)); }
  /// Exact: `name` is in the set. Expression: also true when `name` is a dotted prefix of a
  /// member (`inputs.parameters` when `inputs.parameters.x` is in the set).
  bool contains(std::string_view name, Lookup lookup) const;

 private:
  std::set<std::string, std::less<>> m_names;
};

/// What every template of one document sees: `workflow.*`.
struct GlobalScope {
  NameSet names;
  bool any_output_parameter = false;    ///< a globalName is itself a tag: any name may exist
  bool any_output_artifact = false;     ///< same for artifacts
  bool any_workflow_parameter = false;  ///< WorkflowTemplates: the caller brings parameters

  /// The globals of context.workflow: fixed names, parameters (spec.arguments, a
  /// workflowTemplateRef's arguments, -p), declared labels and annotations, priority when
  /// set, failures when there is an exit handler, and every globalName of the document and
  /// of the WorkflowTemplates it calls.
  static GlobalScope build(const ValidationContext& context);
};

/// The loop variable of a looping step or task.
struct ItemScope {
  bool looping = false;
  bool any_key = false;        ///< withParam: item.<anything>
  std::set<std::string> keys;  ///< withItems of maps: their keys; of lists: "[i]"
};

/// A step or task of the steps/dag template being checked.
struct NodeEntry {
  const Step* step = nullptr;
  ResolvedTemplate callee;  ///< empty when it cannot be resolved: every suffix is accepted
  bool looped = false;
  size_t group = 0;  ///< steps: the parallel group; tasks: the index in dag.tasks
};

/// The steps or the tasks of one template, by name.
class NodeTable {
 public:
  /// Reads `tmpl.steps` or `tmpl.dag` and resolves what each step calls. Keeps pointers
  /// into `tmpl`.
  NodeTable(const Template& tmpl, const ValidationContext& context);
  /// True for the tasks of a dag template.
  bool is_dag() const { return m_ancestry != nullptr; }
  /// The step or task named `name` (the first one, when names repeat), or nullptr.
  const NodeEntry* find(std::string_view name) const;
  /// dag only: `ancestor` finishes before `task` starts.
  bool is_ancestor(const NodeEntry& ancestor, const NodeEntry& task) const;

 private:
  std::unordered_map<std::string_view, NodeEntry> m_entries;
  std::unique_ptr<DagAncestry> m_ancestry;
};

/// Where a reference is written, inside a steps/dag template (all null in a leaf body).
struct RefSite {
  const NodeTable* nodes = nullptr;
  const NodeEntry* current = nullptr;  ///< the step/task whose field holds the reference
  bool in_hook = false;                ///< hooks of `current` may use its outputs and status
  bool all_nodes = false;              ///< template outputs see every step/task
  bool in_arguments = false;           ///< dag: a non-ancestor is a missing dependency
  const ItemScope* item = nullptr;     ///< the loop of `current`, if any
};

/// The variables of one template: inputs, pod.name, retries, and for an inline template
/// also whatever its calling step sees (the step is substituted in the caller's scope).
class TemplateScope {
 public:
  /// `has_retry`: the template, spec.retryStrategy or templateDefaults sets a retryStrategy.
  TemplateScope(const Template& tmpl, bool has_retry);
  /// For inline templates: the scope and site of the calling step.
  void set_outer(const TemplateScope* outer, const RefSite& outer_site);

  /// inputs.*, pod.name, retries and lastRetry.* as this template defines them.
  const NameSet& names() const { return m_names; }
  /// The calling step's scope (inline templates), or nullptr.
  const TemplateScope* outer() const { return m_outer; }
  /// Where the calling step is; meaningful only when outer() is set.
  const RefSite& outer_site() const { return m_outer_site; }

 private:
  NameSet m_names;
  const TemplateScope* m_outer = nullptr;
  RefSite m_outer_site;
};

/// What became of a reference: fine, unknown here, or a task output used without depending
/// on the task (Argo's "missing dependency").
enum class Verdict { resolved, unresolved, missing_dependency };

/// A verdict and, for missing dependencies, the task.
struct Resolution {
  Verdict verdict = Verdict::resolved;
  std::string node;  ///< missing_dependency: the task that is not an ancestor
};

/// Decides whether a name resolves at a site. Keeps a cache of callee outputs.
class Resolver {
 public:
  /// Keeps a reference to `globals`.
  explicit Resolver(const GlobalScope& globals) : m_globals(globals) {}

  /// Whether `name` (a trimmed simple tag, or an expression path) resolves in `scope` at
  /// `site`; for inline templates the calling step's scope is tried next.
  Resolution resolve(std::string_view name, Lookup lookup, const TemplateScope& scope,
                     const RefSite& site) const;

 private:
  Resolution resolve_here(std::string_view name, Lookup lookup, const TemplateScope& scope,
                          const RefSite& site) const;
  Resolution resolve_node(std::string_view name, Lookup lookup, const RefSite& site) const;
  bool resolve_item(std::string_view name, Lookup lookup, const RefSite& site) const;
  const NameSet& callee_outputs(const Template& callee, bool looped) const;

  const GlobalScope& m_globals;
  mutable std::map<std::pair<const Template*, bool>, NameSet> m_outputs;
};

/// True when the template produces `outputs.result` and `exitCode` (Argo's HasOutput).
bool has_result_output(const Template& tmpl);

}  // namespace model
