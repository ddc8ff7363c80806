/// One entry of the workflow's node graph (Argo's NodeStatus, the part a local runner keeps).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graph/phase.hpp"

namespace graph {

/// Wall-clock time, as startedAt/finishedAt are reported.
using TimePoint = std::chrono::system_clock::time_point;

/// An artifact as a node records it (Argo's Artifact, for the locations flowrun handles).
/// Output artifacts live in the local artifact repository at `key`; inputs may also be raw
/// data or an http URL.
struct ArtifactRef {
  std::string name;
  std::string path;  ///< the declared in-container path; empty when none
  /// "s3" (key-only, the local repository; also gcs/oss/azure/hdfs as written), "raw", "http".
  std::string kind = "s3";
  std::string key;   ///< repository kinds: the key relative to the repository root
  std::string data;  ///< raw: the content
  std::string url;   ///< http: the URL
};

/// What a finished node produced that later nodes may reference.
struct NodeOutputs {
  /// `outputs.result`: the trimmed stdout, when recorded.
  std::optional<std::string> result;
  /// `outputs.exitCode` as Argo stores it (a string).
  std::optional<std::string> exit_code;
  /// `outputs.parameters` as name/value pairs, in declaration order.
  std::vector<std::pair<std::string, std::string>> parameters;
  /// `outputs.artifacts`, in declaration order (optional ones that were missing left out).
  std::vector<ArtifactRef> artifacts;
};

/// `memoizationStatus` of a memoized node (template `memoize`, spec 2.6).
struct MemoizationStatus {
  bool hit = false;        ///< the node was created from a cache entry (nothing ran)
  std::string key;         ///< the key, substituted
  std::string cache_name;  ///< `cache.configMap.name`
};

/// A node of the graph. IDs and names follow graph/naming.hpp.
struct Node {
  /// `templateRef` of the node's template, when it came from a WorkflowTemplate.
  struct TemplateRef {
    std::string name;           ///< the WorkflowTemplate
    std::string template_name;  ///< the template in it
    bool cluster_scope = false;
  };

  std::string id;             ///< `<wf>` for the root, `<wf>-<fnv32a(name)>` otherwise
  std::string name;           ///< full name, e.g. `wf[0].hello1`
  std::string display_name;   ///< name relative to the boundary node, e.g. `hello1`
  std::string template_name;  ///< the template run; empty for inline templates
  NodeType type = NodeType::pod;
  Phase phase = Phase::pending;
  std::string message;
  std::string boundary_id;            ///< ID of the enclosing Steps/DAG node; empty for none
  std::vector<std::string> children;  ///< child node IDs, in creation order
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
  NodeOutputs outputs;
  bool daemoned = false;       ///< a daemon pod that is running and ready
  std::string pod_name;        ///< Pod nodes: the pod (container) name; empty otherwise
  std::string pod_ip;          ///< daemons: the address `steps.X.ip` gives; empty otherwise
  std::string host_node_name;  ///< Pod nodes: the machine it ran on (`steps.X.hostNodeName`)
  std::optional<TemplateRef> template_ref;
  /// `inputs.parameters` as bound for this node: name/value pairs in declaration order.
  std::vector<std::pair<std::string, std::string>> input_parameters;
  /// `inputs.artifacts` as bound for this node (those supplied), in declaration order.
  std::vector<ArtifactRef> input_artifacts;
  /// Steps/DAG/Retry nodes once completed: the node IDs later nodes hang under (Argo's
  /// `outboundNodes`).
  std::vector<std::string> outbound_nodes;
  bool hooked = false;                           ///< an exit handler or lifecycle hook node
  std::optional<MemoizationStatus> memoization;  ///< memoized nodes only
};

}  // namespace graph
