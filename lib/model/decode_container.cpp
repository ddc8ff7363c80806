// Decoding of containers, volume mounts and volumes.
#include <fmt/format.h>

#include "model/decode.hpp"

namespace model {
namespace {

EnvVar decode_env_var(const DocNode& node, const std::string& path, DecodeContext& context) {
  EnvVar e;
  e.loc = node.loc;
  if (!context.charge(sizeof(EnvVar), node.loc)) {
    return e;
  }
  FieldReader r(node, path, context);
  e.name = r.scalar("name").value_or(Scalar{"", node.loc, ScalarType::null});
  e.value = r.scalar("value");
  if (const DocNode* from = r.mapping("valueFrom")) {
    e.value_from = *from;
  }
  r.finish();
  return e;
}

VolumeMount decode_volume_mount(const DocNode& node, const std::string& path,
                                DecodeContext& context) {
  VolumeMount m;
  m.loc = node.loc;
  if (!context.charge(sizeof(VolumeMount), node.loc)) {
    return m;
  }
  FieldReader r(node, path, context);
  m.name = r.scalar("name").value_or(Scalar{"", node.loc, ScalarType::null});
  m.mount_path = r.scalar("mountPath").value_or(Scalar{"", node.loc, ScalarType::null});
  m.read_only = r.boolean("readOnly");
  m.sub_path = r.scalar("subPath");
  r.accept("subPathExpr");
  r.k8s_only("mountPropagation");
  r.k8s_only("recursiveReadOnly");
  r.finish();
  return m;
}

Volume decode_volume(const DocNode& node, const std::string& path, DecodeContext& context) {
  Volume v;
  v.loc = node.loc;
  if (!context.charge(sizeof(Volume), node.loc)) {
    return v;
  }
  if (!node.is_mapping()) {
    FieldReader r(node, path, context);  // reports the type error
    return v;
  }
  for (const DocEntry& e : node.entries) {
    if (e.key == "name") {
      v.name = to_scalar(e.value);
    } else if (v.source_kind.empty()) {
      v.source_kind = e.key;
      v.source = e.value;
    } else {
      context.diagnostics.error(
          e.key_loc, "volume-source",
          fmt::format("{} has more than one source ({} and {})", path, v.source_kind, e.key));
    }
  }
  if (v.name.value.empty()) {
    v.name.loc = node.loc;
  }
  return v;
}

}  // namespace

std::vector<VolumeMount> decode_volume_mounts(FieldReader& reader) {
  std::vector<VolumeMount> out;
  reader.each_mapping("volumeMounts", [&](const DocNode& item, const std::string& path) {
    out.push_back(decode_volume_mount(item, path, reader.context()));
  });
  return out;
}

std::vector<Volume> decode_volumes(FieldReader& reader) {
  std::vector<Volume> out;
  reader.each_mapping("volumes", [&](const DocNode& item, const std::string& path) {
    out.push_back(decode_volume(item, path, reader.context()));
  });
  return out;
}

Container decode_container(const DocNode& node, const std::string& path, ContainerRole role,
                           DecodeContext& context) {
  Container c;
  c.loc = node.loc;
  if (!context.charge(sizeof(Container), node.loc)) {
    return c;
  }
  FieldReader r(node, path, context);
  c.name = r.scalar("name");
  c.image = r.scalar("image");
  c.command = r.strings("command", &c.has_command);
  c.args = r.strings("args", &c.has_args);
  c.working_dir = r.scalar("workingDir");
  c.image_pull_policy = r.scalar("imagePullPolicy");
  r.each_mapping("env", [&](const DocNode& item, const std::string& item_path) {
    c.env.push_back(decode_env_var(item, item_path, context));
  });
  if (const DocNode* env_from = r.sequence("envFrom")) {
    c.env_from = env_from->items;
  }
  c.volume_mounts = decode_volume_mounts(r);
  if (const DocNode* resources = r.mapping("resources")) {
    c.resources = *resources;
  }
  if (const DocNode* security = r.mapping("securityContext")) {
    c.security_context = *security;
  }
  if (const DocNode* probe = r.mapping("readinessProbe")) {
    c.readiness_probe = *probe;
  }
  if (const DocNode* ports = r.sequence("ports")) {
    c.ports = *ports;
  }
  for (std::string_view key :
       {"livenessProbe", "startupProbe", "lifecycle", "stdin", "stdinOnce", "tty",
        "terminationMessagePath", "terminationMessagePolicy", "volumeDevices", "resizePolicy",
        "restartPolicy", "restartPolicyRules"}) {
    r.k8s_only(key);
  }
  if (role == ContainerRole::script) {
    c.source = r.scalar("source");
  }
  if (role == ContainerRole::sidecar || role == ContainerRole::init) {
    c.mirror_volume_mounts = r.boolean("mirrorVolumeMounts");
  }
  if (role == ContainerRole::set_member) {
    c.dependencies = r.strings("dependencies");
  }
  r.finish();
  return c;
}

}  // namespace model
