#include "engine/engine.hpp"

#include "engine/run.hpp"

namespace engine {

Engine::Engine(RunRequest request, Executor& executor, Clock& clock, StatusSink& sink)
    : m_run(std::make_unique<Run>(std::move(request), executor, clock, sink)) {}

Engine::~Engine() = default;

graph::WorkflowStatus Engine::run(const std::atomic<int>* shutdown, ControlInbox* inbox) {
  return m_run->run(shutdown, inbox);
}

}  // namespace engine
