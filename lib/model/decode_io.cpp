// Decoding of parameters, artifacts, inputs, outputs and arguments.
#include <fmt/format.h>

#include "model/decode.hpp"

namespace model {
namespace {

constexpr std::string_view k_artifact_locations[] = {
    "s3", "gcs", "http", "git", "raw", "artifactory", "hdfs", "oss", "azure", "plugin"};

KeyRef decode_key_ref(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  KeyRef ref;
  ref.loc = node.loc;
  ref.name = r.scalar("name").value_or(Scalar{});
  ref.key = r.scalar("key").value_or(Scalar{});
  ref.optional = r.boolean("optional");
  r.finish();
  return ref;
}

ValueFrom decode_value_from(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  ValueFrom v;
  v.loc = node.loc;
  v.path = r.scalar("path");
  v.default_value = r.scalar("default");
  v.expression = r.scalar("expression");
  v.parameter = r.scalar("parameter");
  v.json_path = r.scalar("jsonPath");
  v.jq_filter = r.scalar("jqFilter");
  v.event = r.scalar("event");
  for (const DocEntry& e : node.entries) {
    if (e.key == "supplied") {
      v.supplied = e.key_loc;
    }
  }
  r.accept("supplied");
  if (const DocNode* ref = r.mapping("configMapKeyRef")) {
    v.config_map_key_ref = decode_key_ref(*ref, r.child_path("configMapKeyRef"), context);
  }
  r.finish();
  return v;
}

template <typename T, typename Decode>
std::vector<T> decode_list(FieldReader& r, std::string_view key, Decode decode) {
  std::vector<T> out;
  r.each_mapping(key, [&](const DocNode& item, const std::string& path) {
    out.push_back(decode(item, path, r.context()));
  });
  return out;
}

}  // namespace

int ValueFrom::source_count() const {
  return static_cast<int>(path.has_value()) + static_cast<int>(expression.has_value()) +
         static_cast<int>(parameter.has_value()) + static_cast<int>(json_path.has_value()) +
         static_cast<int>(jq_filter.has_value()) + static_cast<int>(event.has_value()) +
         static_cast<int>(supplied.has_value()) + static_cast<int>(config_map_key_ref.has_value());
}

Parameter decode_parameter(const DocNode& node, const std::string& path, DecodeContext& context) {
  Parameter p;
  p.loc = node.loc;
  if (!context.charge(sizeof(Parameter), node.loc)) {
    return p;
  }
  FieldReader r(node, path, context);
  p.name = r.scalar("name").value_or(Scalar{"", node.loc, ScalarType::null});
  // value and default are AnyString: a list or map is kept as its JSON text.
  for (std::string_view key : {"value", "default"}) {
    const DocNode* value = r.node(key);
    if (value == nullptr) {
      continue;
    }
    Scalar s{any_string(*value), value->loc, value->scalar_type()};
    (key == "value" ? p.value : p.default_value) = s;
  }
  if (const DocNode* list = r.node("enum")) {
    p.enum_loc = list->loc;
    if (list->is_sequence()) {
      for (const DocNode& item : list->items) {
        p.enum_values.push_back(to_scalar(item));
      }
    } else {
      context.diagnostics.error(
          list->loc, "type", fmt::format("{}.enum must be a list, not {}", path, describe(*list)));
    }
  }
  p.description = r.scalar("description");
  p.global_name = r.scalar("globalName");
  if (const DocNode* vf = r.mapping("valueFrom")) {
    p.value_from = decode_value_from(*vf, r.child_path("valueFrom"), context);
  }
  r.finish();
  return p;
}

Artifact decode_artifact(const DocNode& node, const std::string& path, DecodeContext& context) {
  Artifact a;
  a.loc = node.loc;
  if (!context.charge(sizeof(Artifact), node.loc)) {
    return a;
  }
  FieldReader r(node, path, context);
  a.name = r.scalar("name").value_or(Scalar{"", node.loc, ScalarType::null});
  a.path = r.scalar("path");
  a.from = r.scalar("from");
  a.from_expression = r.scalar("fromExpression");
  a.global_name = r.scalar("globalName");
  a.sub_path = r.scalar("subPath");
  a.mode = r.int_or_string("mode");
  a.optional = r.boolean("optional");
  a.recurse_mode = r.boolean("recurseMode");
  a.archive_logs = r.boolean("archiveLogs");
  r.accept("deleted");
  for (std::string_view kind : k_artifact_locations) {
    if (const DocNode* location = r.node(kind)) {
      if (a.location_kind.empty()) {
        a.location_kind = std::string(kind);
        a.location = *location;
      } else {
        context.diagnostics.error(
            location->loc, "artifact-location",
            fmt::format("{} has more than one location ({} and {})", path, a.location_kind, kind));
      }
    }
  }
  if (const DocNode* archive = r.mapping("archive")) {
    a.archive = *archive;
  }
  if (const DocNode* gc = r.mapping("artifactGC")) {
    a.artifact_gc = *gc;
  }
  r.finish();
  return a;
}

Inputs decode_inputs(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  Inputs in;
  in.loc = node.loc;
  in.parameters = decode_list<Parameter>(r, "parameters", decode_parameter);
  in.artifacts = decode_list<Artifact>(r, "artifacts", decode_artifact);
  r.finish();
  return in;
}

Outputs decode_outputs(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  Outputs out;
  out.loc = node.loc;
  out.parameters = decode_list<Parameter>(r, "parameters", decode_parameter);
  out.artifacts = decode_list<Artifact>(r, "artifacts", decode_artifact);
  out.result = r.scalar("result");
  out.exit_code = r.scalar("exitCode");
  r.finish();
  return out;
}

Arguments decode_arguments(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  Arguments args;
  args.loc = node.loc;
  args.parameters = decode_list<Parameter>(r, "parameters", decode_parameter);
  args.artifacts = decode_list<Artifact>(r, "artifacts", decode_artifact);
  r.finish();
  return args;
}

}  // namespace model
