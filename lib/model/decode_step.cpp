// Decoding of steps, dag tasks, hooks, template references and retry strategies.
#include <fmt/format.h>

#include "model/decode.hpp"

namespace model {
namespace {

Sequence decode_sequence(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  Sequence s;
  s.loc = node.loc;
  s.count = r.int_or_string("count");
  s.start = r.int_or_string("start");
  s.end = r.int_or_string("end");
  s.format = r.scalar("format");
  r.finish();
  return s;
}

ContinueOn decode_continue_on(const DocNode& node, const std::string& path,
                              DecodeContext& context) {
  FieldReader r(node, path, context);
  ContinueOn c;
  c.loc = node.loc;
  c.failed = r.boolean("failed");
  c.error = r.boolean("error");
  r.finish();
  return c;
}

Backoff decode_backoff(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  Backoff b;
  b.loc = node.loc;
  b.duration = r.int_or_string("duration");
  b.factor = r.int_or_string("factor");
  b.max_duration = r.int_or_string("maxDuration");
  b.cap = r.int_or_string("cap");
  r.finish();
  return b;
}

LifecycleHook decode_hook(const DocEntry& entry, const std::string& path, DecodeContext& context) {
  LifecycleHook h;
  h.loc = entry.value.loc;
  h.name = Scalar{entry.key, entry.key_loc, ScalarType::string};
  if (!context.charge(sizeof(LifecycleHook), entry.key_loc)) {
    return h;
  }
  FieldReader r(entry.value, path, context);
  h.template_name = r.scalar("template");
  if (const DocNode* ref = r.mapping("templateRef")) {
    h.template_ref = decode_template_ref(*ref, r.child_path("templateRef"), context);
  }
  if (const DocNode* args = r.mapping("arguments")) {
    h.arguments = decode_arguments(*args, r.child_path("arguments"), context);
  }
  h.expression = r.scalar("expression");
  r.finish();
  return h;
}

}  // namespace

RetryStrategy decode_retry_strategy(const DocNode& node, const std::string& path,
                                    DecodeContext& context) {
  FieldReader r(node, path, context);
  RetryStrategy s;
  s.loc = node.loc;
  s.limit = r.int_or_string("limit");
  s.retry_policy = r.scalar("retryPolicy");
  s.expression = r.scalar("expression");
  if (const DocNode* backoff = r.mapping("backoff")) {
    s.backoff = decode_backoff(*backoff, r.child_path("backoff"), context);
  }
  if (const DocNode* affinity = r.mapping("affinity")) {
    s.affinity = *affinity;
  }
  r.finish();
  return s;
}

std::vector<LifecycleHook> decode_hooks(const DocNode& node, const std::string& path,
                                        DecodeContext& context) {
  std::vector<LifecycleHook> hooks;
  if (!node.is_mapping()) {
    FieldReader reports_type_error(node, path, context);
    return hooks;
  }
  for (const DocEntry& e : node.entries) {
    if (context.budget.exhausted) {
      break;
    }
    hooks.push_back(decode_hook(e, path + "." + e.key, context));
  }
  return hooks;
}

TemplateRef decode_template_ref(const DocNode& node, const std::string& path,
                                DecodeContext& context) {
  FieldReader r(node, path, context);
  TemplateRef ref;
  ref.loc = node.loc;
  ref.name = r.scalar("name").value_or(Scalar{"", node.loc, ScalarType::null});
  ref.template_name = r.scalar("template").value_or(Scalar{"", node.loc, ScalarType::null});
  ref.cluster_scope = r.boolean("clusterScope");
  r.finish();
  return ref;
}

Step decode_step(const DocNode& node, const std::string& path, bool is_task,
                 DecodeContext& context) {
  Step s;
  s.loc = node.loc;
  if (!context.charge(sizeof(Step), node.loc)) {
    return s;
  }
  FieldReader r(node, path, context);
  s.name = r.scalar("name").value_or(Scalar{"", node.loc, ScalarType::null});
  s.template_name = r.scalar("template");
  if (const DocNode* ref = r.mapping("templateRef")) {
    s.template_ref = decode_template_ref(*ref, r.child_path("templateRef"), context);
  }
  if (const DocNode* inline_node = r.mapping("inline")) {
    s.inline_template =
        std::make_shared<Template>(decode_template(*inline_node, r.child_path("inline"), context));
  }
  if (const DocNode* args = r.mapping("arguments")) {
    s.arguments = decode_arguments(*args, r.child_path("arguments"), context);
  }
  s.when = r.scalar("when");
  if (const DocNode* continue_on = r.mapping("continueOn")) {
    s.continue_on = decode_continue_on(*continue_on, r.child_path("continueOn"), context);
  }
  if (const DocNode* items = r.sequence("withItems")) {
    s.with_items = *items;
  }
  s.with_param = r.scalar("withParam");
  if (const DocNode* sequence = r.mapping("withSequence")) {
    s.with_sequence = decode_sequence(*sequence, r.child_path("withSequence"), context);
  }
  if (const DocNode* hooks = r.node("hooks")) {
    s.hooks = decode_hooks(*hooks, r.child_path("hooks"), context);
  }
  s.on_exit = r.scalar("onExit");
  if (is_task) {
    s.dependencies = r.strings("dependencies", &s.has_dependencies);
    s.depends = r.scalar("depends");
  }
  r.finish();
  return s;
}

}  // namespace model
