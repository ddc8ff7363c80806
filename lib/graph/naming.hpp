/// Argo's node names, node IDs, pod names and display names (spec sections 0, 4.6, 12.1).
/// These strings show up in `argo get`, `{{pod.name}}`, `steps.X.id` and messages such as
/// `child '<id>' failed`, so they must match Argo byte for byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "graph/item_value.hpp"

namespace graph {

/// 32-bit FNV-1a of the bytes of `text` (Go's hash/fnv New32a).
uint32_t fnv32a(std::string_view text);

/// Workflow.NodeID: the root node (named like the workflow) has the workflow name as ID;
/// every other node `<wf>-<fnv32a(node_name)>` in decimal.
std::string node_id(std::string_view wf_name, std::string_view node_name);

/// Which pod naming scheme is in use (Argo's POD_NAMES environment variable).
enum class PodNameVersion {
  v1,  ///< the pod name is the node ID
  v2,  ///< the default: workflow name, template name and node-name hash
};

/// Kubernetes' limit on resource names, which Argo keeps pod names within.
inline constexpr std::size_t k_max_pod_name_length = 253;
/// Longest prefix kept before `-<hash>`: 253 minus room for a 10-digit hash and the dash.
inline constexpr std::size_t k_max_pod_name_prefix_length = k_max_pod_name_length - 10 - 1;

/// The pod name of a pod node (workflow/util/pod_name.go). v2: `<wf>-<template>-<hash>` with
/// hash = fnv32a(node_name) in decimal; `<wf>-<hash>` when `template_name` is empty (inline
/// templates); the workflow name when the node is the root. The `<wf>-<template>` prefix is
/// cut to its first 242 bytes so the name fits Kubernetes' 253. `template_name` is
/// `templateRef.template` when a templateRef is used. v1: the node ID.
std::string pod_name(std::string_view wf_name, std::string_view template_name,
                     std::string_view node_name, PodNameVersion version = PodNameVersion::v2);

/// The i-th step group of a steps node: `parent[i]`.
std::string step_group_name(std::string_view parent, std::size_t index);
/// A step in a step group: `group.step`.
std::string step_name(std::string_view group, std::string_view step);
/// A task of a DAG node: `dag.task`.
std::string task_name(std::string_view dag, std::string_view task);
/// The i-th attempt under a Retry node: `node(i)`.
std::string retry_child_name(std::string_view node, std::size_t index);
/// A loop child: `name(index:desc)`, with every `(` and `)` removed from `item_description`
/// (operator.go generateNodeName; the index keeps names unique).
std::string loop_item_name(std::string_view name, std::size_t index,
                           std::string_view item_description);

/// The description of a loop item used in its node name: strings as they are; numbers and
/// bools as their JSON text; maps as `key:value` strings sorted and joined by `,` (values in
/// this form too, nested lists and maps as compact JSON); lists as Go's fmt.Sprint, `[a b]`.
std::string item_description(const ItemValue& item);

/// Compact JSON of an item with sorted map keys and Go's escaping (`<`, `>`, `&` as \u00XX),
/// as Argo renders nested item values.
std::string item_json(const ItemValue& item);

/// The node's display name (operator.go initializeNode): `boundary_name` removed as a
/// prefix, then a leading `[<digits>].` or `.` removed, so steps show `hello1`, groups `[0]`,
/// retries `step(1)`. An empty `boundary_name` means no boundary node (the root,
/// `<wf>.onExit`, `<wf>.hooks.x`): the full name is kept.
std::string display_name(std::string_view node_name, std::string_view boundary_name);

}  // namespace graph
