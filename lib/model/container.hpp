/// Containers (main, script, sidecar, init, containerSet member) and volumes.
#pragma once

#include <optional>
#include <vector>

#include "model/doc_node.hpp"
#include "model/io_types.hpp"
#include "model/scalar.hpp"

namespace model {

struct EnvVar {
  util::SourceLoc loc;
  Scalar name;
  OptScalar value;
  std::optional<DocNode> value_from;  ///< secretKeyRef, configMapKeyRef, fieldRef, ...
};

struct VolumeMount {
  util::SourceLoc loc;
  Scalar name;
  Scalar mount_path;
  bool read_only = false;
  OptScalar sub_path;
};

/// A Kubernetes container as Argo uses it, plus the fields Argo adds for scripts
/// (`source`), sidecars (`mirrorVolumeMounts`) and containerSet members (`dependencies`).
struct Container {
  util::SourceLoc loc;
  OptScalar name;
  OptScalar image;
  std::vector<Scalar> command;
  bool has_command = false;
  std::vector<Scalar> args;
  bool has_args = false;
  OptScalar working_dir;
  OptScalar image_pull_policy;
  std::vector<EnvVar> env;
  std::vector<DocNode> env_from;
  std::vector<VolumeMount> volume_mounts;
  std::optional<DocNode> resources;
  std::optional<DocNode> security_context;
  std::optional<DocNode> readiness_probe;
  std::optional<DocNode> ports;
  OptScalar source;                   ///< script templates
  bool mirror_volume_mounts = false;  ///< sidecars
  std::vector<Scalar> dependencies;   ///< containerSet members
};

/// A pod volume (`spec.volumes`, `template.volumes`). The source is kept as written.
struct Volume {
  util::SourceLoc loc;
  Scalar name;
  std::string source_kind;  ///< "emptyDir", "hostPath", "persistentVolumeClaim", ...
  DocNode source;
};

/// `spec.volumeClaimTemplates[]`: a PersistentVolumeClaim made per workflow.
struct VolumeClaimTemplate {
  util::SourceLoc loc;
  Scalar name;  ///< metadata.name
  DocNode spec;
};

}  // namespace model
