/// Decoders from DocNode trees to the typed model (internal to model/).
#pragma once

#include <string>
#include <vector>

#include "model/container.hpp"
#include "model/doc_node.hpp"
#include "model/field_reader.hpp"
#include "model/io_types.hpp"
#include "model/template.hpp"
#include "model/workflow.hpp"

namespace model {

Parameter decode_parameter(const DocNode& node, const std::string& path, DecodeContext& context);
Artifact decode_artifact(const DocNode& node, const std::string& path, DecodeContext& context);
Inputs decode_inputs(const DocNode& node, const std::string& path, DecodeContext& context);
Outputs decode_outputs(const DocNode& node, const std::string& path, DecodeContext& context);
Arguments decode_arguments(const DocNode& node, const std::string& path, DecodeContext& context);

/// Which kind of container: decides which Argo-specific fields are known.
enum class ContainerRole { main, script, sidecar, init, set_member };
Container decode_container(const DocNode& node, const std::string& path, ContainerRole role,
                           DecodeContext& context);
std::vector<VolumeMount> decode_volume_mounts(FieldReader& reader);
std::vector<Volume> decode_volumes(FieldReader& reader);

RetryStrategy decode_retry_strategy(const DocNode& node, const std::string& path,
                                    DecodeContext& context);
std::vector<LifecycleHook> decode_hooks(const DocNode& node, const std::string& path,
                                        DecodeContext& context);
TemplateRef decode_template_ref(const DocNode& node, const std::string& path,
                                DecodeContext& context);
Template decode_template(const DocNode& node, const std::string& path, DecodeContext& context);
Step decode_step(const DocNode& node, const std::string& path, bool is_task,
                 DecodeContext& context);
WorkflowSpec decode_spec(const DocNode& node, const std::string& path, DecodeContext& context);
/// Decodes one document's root mapping.
Workflow decode_document(const DocNode& root, Kind kind, DecodeContext& context);

}  // namespace model
