#include "run_record.hpp"

#include "engine/global_scope.hpp"
#include "model/doc_node.hpp"
#include "model/workflow.hpp"

namespace cli {
namespace {

constexpr int k_generated_name_attempts = 5;

/// The status before the first node: what the engine's own start of the run sets.
graph::WorkflowStatus initial_status(const engine::RunRequest& request) {
  const model::Workflow& workflow = *request.workflow;
  graph::WorkflowStatus status;
  status.name = request.name;
  status.namespace_name = request.namespace_name;
  status.uid = request.uid;
  for (const model::KeyValue& kv : workflow.metadata.labels) {
    status.labels.emplace_back(kv.key.value, kv.value.value);
  }
  for (const model::KeyValue& kv : workflow.metadata.annotations) {
    status.annotations.emplace_back(kv.key.value, kv.value.value);
  }
  status.created_at = request.created_at;
  status.entrypoint = request.entrypoint.value_or(
      workflow.spec.entrypoint ? workflow.spec.entrypoint->value : std::string());
  status.parameters = engine::resolve_workflow_parameters(request);
  if (workflow.document != nullptr) {
    if (const model::DocNode* spec = workflow.document->find("spec")) {
      status.spec_json = model::to_json(*spec, false);
    }
  }
  status.phase = graph::WorkflowPhase::running;
  status.started_at = request.created_at;
  return status;
}

}  // namespace

RunRecord::RunRecord(store::RunDirectory directory, graph::WorkflowStatus initial)
    : m_directory(std::move(directory)),
      m_logs(m_directory.logs_dir()),
      m_recorder(m_directory.status_path(), std::move(initial), k_status_interval) {}

util::Result<std::unique_ptr<RunRecord>> RunRecord::open(
    const std::string& state_dir, engine::RunRequest& request,
    const std::function<std::string()>& rename) {
  auto directory = store::RunDirectory::create(state_dir, request.name);
  for (int attempt = 1;
       !directory && rename && directory.error().code == util::ErrorCode::invalid_input &&
       attempt < k_generated_name_attempts;
       ++attempt) {
    request.name = rename();
    directory = store::RunDirectory::create(state_dir, request.name);
  }
  if (!directory) {
    return directory.error();
  }
  const model::Workflow& workflow = *request.workflow;
  if (workflow.loc.file != nullptr) {
    if (auto error = directory->write_workflow(workflow.loc.file->text())) {
      return *error;
    }
  }
  if (request.created_at == graph::TimePoint{}) {
    request.created_at = std::chrono::system_clock::now();
  }
  return std::unique_ptr<RunRecord>(new RunRecord(std::move(*directory), initial_status(request)));
}

std::optional<util::Error> RunRecord::finish(const graph::WorkflowStatus& final_status) {
  m_recorder.finish(final_status);
  return m_recorder.first_error();
}

}  // namespace cli
