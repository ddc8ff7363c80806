// Validation checks: variables (see validation_context.hpp). Every `{{...}}` reference that
// can never resolve, as Argo's lint finds them (workflow/validate/validate.go), plus the
// references Argo's lint leaves to run time (expression tags, bare expressions, `item`,
// `retries`, `lastRetry.*`), which are reported as warnings because Argo accepts them.
#include <algorithm>
#include <cctype>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

#include "expr/tag_scanner.hpp"
#include "model/template_fields.hpp"
#include "model/validation_context.hpp"
#include "model/variable_scope.hpp"

namespace model {
namespace {

constexpr const char* k_check = "unresolved-variable";
constexpr const char* k_dependency_check = "dag-missing-dependency";

// Where text[begin, end) of a scalar whose value is `value` and which starts at `loc` is
// written. The raw text is searched in the source from the scalar's start, so quotes,
// escapes earlier in the scalar and block scalars (`|`, `>`) do not shift it; when it is not
// found close enough (an escape inside the tag itself), the scalar's start is used.
util::SourceLoc locate(std::string_view value, const util::SourceLoc& loc, size_t begin,
                       size_t end) {
  if (!loc.valid() || begin >= end || end > value.size()) {
    return loc;
  }
  const std::string_view raw = value.substr(begin, end - begin);
  size_t occurrence = 0;  // earlier copies of the same text in this scalar
  for (size_t p = value.find(raw); p < begin; p = value.find(raw, p + 1)) {
    ++occurrence;
  }
  // Folding turns line breaks into spaces, so a scalar spans at most this many lines.
  const size_t max_lines = 2 + static_cast<size_t>(std::count(value.begin(), value.end(), '\n') +
                                                   std::count(value.begin(), value.end(), ' '));
  const std::string_view file = loc.file->text();
  const std::string_view first_line = loc.file->line_text(loc.line);
  const std::string_view last_line = loc.file->line_text(static_cast<uint32_t>(
      std::min<size_t>(loc.line + max_lines, std::numeric_limits<uint32_t>::max())));
  const std::string_view text =
      last_line.data() == nullptr || last_line.data() < first_line.data()
          ? file
          : file.substr(0, static_cast<size_t>(last_line.data() - file.data()) + last_line.size());
  size_t line_start = static_cast<size_t>(first_line.data() - file.data());
  uint32_t line = loc.line;
  size_t pos = line_start + loc.column - 1;
  for (size_t found = text.find(raw, pos), k = 0; found != std::string_view::npos;
       found = text.find(raw, found + 1), ++k) {
    for (; pos < found; ++pos) {
      if (text[pos] == '\n') {
        ++line;
        line_start = pos + 1;
      }
    }
    if (k == occurrence) {
      return {loc.file, line, static_cast<uint32_t>(found - line_start + 1)};
    }
  }
  return loc;
}

// A tag for a one-line message: each line break and the indentation around it become one
// space (multi-line expression tags).
std::string one_line(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') {
      out += text[i];
      continue;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
      out.pop_back();
    }
    while (i + 1 < text.size() && std::isspace(static_cast<unsigned char>(text[i + 1]))) {
      ++i;
    }
    out += ' ';
  }
  return out;
}

// The loop variable a step or task defines for its own fields.
ItemScope item_scope(const Step& step) {
  ItemScope item;
  if (step.with_items && !step.with_items->items.empty()) {
    item.looping = true;
    for (const DocNode& value : step.with_items->items) {
      for (const DocEntry& e : value.entries) {
        item.keys.insert(e.key);
      }
      for (size_t i = 0; i < value.items.size(); ++i) {
        item.keys.insert(fmt::format("[{}]", i));
      }
    }
  } else if (step.with_param) {
    item.looping = true;
    item.any_key = true;
  } else if (step.with_sequence) {
    item.looping = true;
  }
  return item;
}

// Adds diagnostics, each unresolved reference once per message prefix.
class Reporter {
 public:
  explicit Reporter(const ValidationContext& context) : m_context(context) {}

  void report(bool error, const char* check, util::SourceLoc loc, std::string message) {
    if (!m_seen.insert(message).second) {
      return;
    }
    if (error) {
      m_context.error(loc, check, std::move(message));
    } else {
      m_context.warning(loc, check, std::move(message));
    }
  }

 private:
  const ValidationContext& m_context;
  std::unordered_set<std::string> m_seen;
};

// Checks the references in the strings of one part of a template (one message prefix).
class TagChecker final : public FieldVisitor {
 public:
  TagChecker(Reporter& reporter, const Resolver& resolver, const TemplateScope& scope,
             const RefSite& site, std::string prefix, std::string argument = {})
      : m_reporter(reporter),
        m_resolver(resolver),
        m_scope(scope),
        m_site(site),
        m_prefix(std::move(prefix)),
        m_argument(std::move(argument)) {}

  void text(std::string_view value, const util::SourceLoc& loc) override {
    if (value.find("{{") == std::string_view::npos) {
      return;
    }
    for (const expr::Tag& tag : expr::scan_tags(value)) {
      const Where where{value, loc, tag.begin, tag.end};
      const std::string raw = one_line(value.substr(tag.begin, tag.end - tag.begin));
      if (tag.kind == expr::TagKind::simple) {
        check(tag.body, Lookup::exact, raw, where, classify_name(tag.body) == NameClass::argo);
        continue;
      }
      for (const expr::ExpressionReference& ref : expr::expression_reference_spans(tag.body)) {
        check(ref.path, Lookup::expression, raw, where, false);
      }
    }
  }

  void expression(std::string_view value, const util::SourceLoc& loc) override {
    if (value.find("{{") != std::string_view::npos) {
      text(value, loc);  // tags are substituted before the expression is parsed
      return;
    }
    for (const expr::ExpressionReference& ref : expr::expression_reference_spans(value)) {
      check(ref.path, Lookup::expression, {}, Where{value, loc, ref.begin, ref.end}, false);
    }
  }

 private:
  // A reference's text in its scalar; located in the source only when it is reported.
  struct Where {
    std::string_view value;
    util::SourceLoc loc;
    size_t begin = 0;
    size_t end = 0;
  };

  // `tag` is the tag as written, or empty for a reference in a bare expression.
  void check(std::string_view name, Lookup lookup, std::string_view tag, const Where& where,
             bool error) {
    if (classify_name(name) == NameClass::unchecked) {
      return;
    }
    const Resolution r = m_resolver.resolve(name, lookup, m_scope, m_site);
    if (r.verdict == Verdict::resolved) {
      return;
    }
    const util::SourceLoc loc = locate(where.value, where.loc, where.begin, where.end);
    if (r.verdict == Verdict::missing_dependency && !m_argument.empty()) {
      m_reporter.report(
          error, k_dependency_check, loc,
          fmt::format("{}missing dependency '{}' for {}", m_prefix, r.node, m_argument));
      return;
    }
    std::string message;
    if (tag.empty()) {
      message = fmt::format("{}failed to resolve '{}' in expression", m_prefix, name);
    } else if (lookup == Lookup::exact || is_whole_body(tag, name)) {
      message = fmt::format("{}failed to resolve {}", m_prefix, tag);
    } else {
      message = fmt::format("{}failed to resolve {} ('{}' is not in scope)", m_prefix, tag, name);
    }
    m_reporter.report(error, k_check, loc, std::move(message));
  }

  // `{{= name }}`: the expression is the name alone.
  static bool is_whole_body(std::string_view tag, std::string_view name) {
    std::string_view body = tag.substr(2, tag.size() - 4);
    const auto trim = [](std::string_view& s) {
      while (!s.empty() && (s.front() == ' ' || s.front() == '=')) {
        s.remove_prefix(1);
      }
      while (!s.empty() && s.back() == ' ') {
        s.remove_suffix(1);
      }
    };
    trim(body);
    return body == name;
  }

  Reporter& m_reporter;
  const Resolver& m_resolver;
  const TemplateScope& m_scope;
  RefSite m_site;
  std::string m_prefix;
  std::string m_argument;  // dag arguments: "parameter 'p'" / "artifact 'a'"
};

class VariableCheck {
 public:
  explicit VariableCheck(const ValidationContext& context)
      : m_context(context),
        m_globals(GlobalScope::build(context)),
        m_resolver(m_globals),
        m_reporter(context) {}

  void run() {
    for (const Template& t : m_context.workflow.spec.templates) {
      check_template(t, "templates." + t.name.value, nullptr, RefSite{});
    }
    check_spec();
  }

 private:
  bool has_retry(const Template& t) const {
    const WorkflowSpec& spec = m_context.workflow.spec;
    return t.retry_strategy || spec.retry_strategy ||
           (spec.template_defaults && spec.template_defaults->retry_strategy);
  }

  TagChecker checker(const TemplateScope& scope, const RefSite& site, std::string prefix,
                     std::string argument = {}) {
    return TagChecker(m_reporter, m_resolver, scope, site, std::move(prefix), std::move(argument));
  }

  void check_template(const Template& t, const std::string& path, const TemplateScope* outer,
                      const RefSite& outer_site) {
    TemplateScope scope(t, has_retry(t));
    if (outer != nullptr) {
      scope.set_outer(outer, outer_site);
    }
    // Argo checks a leaf template as one JSON document, outputs included.
    TagChecker body = checker(scope, RefSite{}, path + ": ");
    visit_inputs(t.inputs, body);
    visit_template_body(t, body);
    if (!t.steps && !t.dag) {
      visit_outputs(t.outputs, body);
      return;
    }
    const NodeTable nodes(t, m_context);
    if (t.steps) {
      for (size_t g = 0; g < t.steps->size(); ++g) {
        for (const Step& step : (*t.steps)[g].steps) {
          check_node(step, g, nodes, scope, path + ".steps ",
                     fmt::format("{}.steps[{}].{}.inline", path, g, step.name.value));
        }
      }
    }
    if (t.dag) {
      for (size_t i = 0; i < t.dag->tasks.size(); ++i) {
        const Step& task = t.dag->tasks[i];
        check_node(task, i, nodes, scope, fmt::format("{}.tasks.{} ", path, task.name.value),
                   fmt::format("{}.tasks.{}.inline", path, task.name.value));
      }
      RefSite all{&nodes};
      all.all_nodes = true;
      checker(scope, all, path + ".targets ").scalar(t.dag->target);
    }
    RefSite all{&nodes};
    all.all_nodes = true;
    TagChecker outputs = checker(scope, all, path + ".outputs ");
    visit_outputs(t.outputs, outputs);
  }

  // One step or task: `group` is its parallel group (steps) or its index (dag).
  void check_node(const Step& step, size_t group, const NodeTable& nodes,
                  const TemplateScope& scope, const std::string& prefix,
                  const std::string& inline_path) {
    NodeEntry own;  // used when a duplicate name hides this step in the table
    own.step = &step;
    own.group = group;
    const NodeEntry* found = nodes.find(step.name.value);
    const NodeEntry* entry = found != nullptr && found->step == &step ? found : &own;
    const ItemScope item = item_scope(step);
    RefSite site{&nodes, entry};
    site.item = &item;
    TagChecker fields = checker(scope, site, prefix);
    visit_step(step, fields);
    if (nodes.is_dag()) {
      RefSite arguments = site;
      arguments.in_arguments = true;
      for (const Parameter& p : step.arguments.parameters) {
        TagChecker c =
            checker(scope, arguments, prefix, fmt::format("parameter '{}'", p.name.value));
        visit_parameter(p, c);
      }
      for (const Artifact& a : step.arguments.artifacts) {
        TagChecker c =
            checker(scope, arguments, prefix, fmt::format("artifact '{}'", a.name.value));
        visit_artifact(a, c);
      }
    } else {
      visit_arguments(step.arguments, fields);
    }
    RefSite hook_site = site;
    hook_site.in_hook = true;
    TagChecker hooks = checker(scope, hook_site, prefix);
    for (const LifecycleHook& hook : step.hooks) {
      visit_hook(hook, hooks);
    }
    if (step.inline_template) {
      check_template(*step.inline_template, inline_path, &scope, site);
    }
  }

  // Workflow-level strings: only `workflow.*` is in scope there.
  void check_spec() {
    const WorkflowSpec& spec = m_context.workflow.spec;
    const Template none{};
    const TemplateScope scope(none, false);
    TagChecker volumes = checker(scope, RefSite{}, "spec.volumes: ");
    for (const Volume& v : spec.volumes) {
      visit_volume(v, volumes);
    }
    for (const LifecycleHook& hook : spec.hooks) {
      TagChecker c = checker(scope, RefSite{}, fmt::format("spec.hooks.{}: ", hook.name.value));
      visit_hook(hook, c);
    }
    checker(scope, RefSite{}, "spec.podSpecPatch: ").scalar(spec.pod_spec_patch);
  }

  const ValidationContext& m_context;
  GlobalScope m_globals;
  Resolver m_resolver;
  Reporter m_reporter;
};

}  // namespace

void check_variables(const ValidationContext& context) {
  VariableCheck(context).run();
}

}  // namespace model
