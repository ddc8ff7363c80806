// containerSet pods: members of the PodRequest, Container child nodes and their phases.
#include "engine/run_container_set.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "engine/retry_policy.hpp"
#include "engine/run.hpp"
#include "engine/template_lookup.hpp"
#include "graph/naming.hpp"
#include "util/duration.hpp"

namespace engine {
namespace {

/// Argo's emissary exit code when it fails itself (here: a dependency did not exit 0).
constexpr int k_emissary_exit_code = 64;

/// Argo's message for a container node that terminated: `<name>: <Reason> (exit code N)`
/// and `: <termination message>` when there is one (Argo prints the separator even for an
/// empty termination message; flowrun leaves it out, as the pod-level message does).
std::string terminated_message(const std::string& name, bool oom_killed, int exit_code,
                               const std::string& detail) {
  std::string message =
      fmt::format("{}: {} (exit code {})", name, oom_killed ? "OOMKilled" : "Error", exit_code);
  if (!detail.empty()) {
    message += ": " + detail;
  }
  return message;
}

/// How one member ended, as its node shows it.
struct MemberOutcome {
  graph::Phase phase = graph::Phase::succeeded;
  std::string message;
  bool terminated = false;  ///< it has an exit code (it ran, or its emissary gave up)
  int exit_code = 0;
};

/// Works out each member's outcome; members that never ran take their dependencies'.
class OutcomeResolver {
 public:
  OutcomeResolver(const PodRequest& request, const PodEvent& event)
      : m_request(request),
        m_event(event),
        m_outcomes(request.container_set.size()),
        m_state(request.container_set.size(), State::unknown) {
    for (std::size_t index = 0; index < request.container_set.size(); ++index) {
      m_index.emplace(request.container_set[index].spec.name, index);
    }
  }

  const MemberOutcome& outcome(std::size_t index) {
    if (m_state[index] == State::unknown) {
      m_state[index] = State::resolving;  // a cycle (lint rejects them) cannot recurse forever
      m_outcomes[index] = resolve(index);
      m_state[index] = State::done;
    }
    return m_outcomes[index];
  }

 private:
  enum class State { unknown, resolving, done };

  const ContainerResult* result(std::size_t index) const {
    return index < m_event.containers.size() ? &m_event.containers[index] : nullptr;
  }

  MemberOutcome resolve(std::size_t index) {
    const std::string& name = m_request.container_set[index].spec.name;
    MemberOutcome out;
    if (const ContainerResult* ran = result(index); ran != nullptr && ran->started) {
      out.terminated = true;
      out.exit_code = ran->exit_code;
      if (ran->exit_code != 0) {
        out.phase =
            ran->exit_code == k_emissary_exit_code ? graph::Phase::error : graph::Phase::failed;
        out.message = terminated_message(name, ran->oom_killed, ran->exit_code, ran->message);
      }
      return out;
    }
    for (const std::string& dependency : m_request.container_set[index].dependencies) {
      const auto found = m_index.find(dependency);
      if (found == m_index.end() || m_state[found->second] == State::resolving) {
        continue;
      }
      const MemberOutcome& before = outcome(found->second);
      if (before.terminated && before.exit_code != 0) {
        out.terminated = true;
        out.exit_code = k_emissary_exit_code;
        out.phase = graph::Phase::error;
        out.message =
            terminated_message(name, false, k_emissary_exit_code,
                               fmt::format("dependency \"{}\" exited with non-zero code: {}",
                                           dependency, before.exit_code));
        return out;
      }
    }
    const ContainerResult* never = result(index);
    if (!m_event.started) {
      out.phase = graph::Phase::error;
      out.message = m_event.message;
    } else if (never != nullptr && !never->message.empty()) {
      out.phase = graph::Phase::error;  // the engine could not start it
      out.message = fmt::format("{}: {}", name, never->message);
    } else {
      out.phase = graph::Phase::failed;  // the pod ended (stopped) before its turn
      out.message = "Pod Failed whilst container running";
    }
    return out;
  }

  const PodRequest& m_request;
  const PodEvent& m_event;
  std::map<std::string, std::size_t> m_index;
  std::vector<MemberOutcome> m_outcomes;
  std::vector<State> m_state;
};

std::string container_node_name(const graph::Node& pod, const std::string& member) {
  return pod.name + "." + member;
}

}  // namespace

std::optional<std::string> build_container_set(const model::ContainerSetTemplate& set,
                                               const FieldSubstituter& sub,
                                               const PodContext& context, PodRequest& request) {
  for (std::size_t index = 0; index < set.containers.size(); ++index) {
    model::Container with_mounts = set.containers[index];
    with_mounts.volume_mounts.insert(with_mounts.volume_mounts.end(), set.volume_mounts.begin(),
                                     set.volume_mounts.end());
    auto built = build_container(with_mounts, fmt::format("container-{}", index), sub, context);
    if (!built) {
      return built.error().message;
    }
    ContainerSetMember member;
    member.spec = std::move(*built);
    for (const model::Scalar& dependency : with_mounts.dependencies) {
      member.dependencies.push_back(dependency.value);
    }
    if (member.spec.name == "main") {
      request.main = member.spec;
    }
    request.container_set.push_back(std::move(member));
  }
  if (set.retry_strategy) {
    model::OptScalar retries = set.retry_strategy->retries;
    if (retries) {
      retries->value = sub(retries->value);
    }
    util::Result<std::optional<long long>> count = int_or_string(retries);
    if (!count.ok()) {
      return count.error().message;
    }
    request.container_set_retry.retries = static_cast<int>(std::max(0LL, count->value_or(0)));
    if (const model::OptScalar& duration = set.retry_strategy->duration;
        duration && !duration->value.empty()) {
      std::string error;
      const std::optional<util::Duration> parsed =
          util::parse_go_duration(sub(duration->value), &error);
      if (!parsed) {
        return "containerSet.retryStrategy.duration: " + error;
      }
      if (parsed->count() < 0) {
        return fmt::format("duration has to be positive, current duration: {}", duration->value);
      }
      request.container_set_retry.duration =
          std::chrono::duration_cast<std::chrono::milliseconds>(*parsed);
    }
  }
  return std::nullopt;
}

void start_container_nodes(Run& run, const std::string& pod_id, const TemplateHandle& handle,
                           const PodRequest& request) {
  const std::string pod_name = run.node(pod_id).name;
  for (const ContainerSetMember& member : request.container_set) {
    run.create_node(pod_name + "." + member.spec.name, graph::NodeType::container, pod_id, &handle,
                    graph::Phase::running);
  }
  const std::string& workflow = run.request().name;
  for (const ContainerSetMember& member : request.container_set) {
    const std::string child = graph::node_id(workflow, pod_name + "." + member.spec.name);
    if (member.dependencies.empty()) {
      run.add_child(pod_id, child);
    }
    for (const std::string& dependency : member.dependencies) {
      run.add_child(graph::node_id(workflow, pod_name + "." + dependency), child);
    }
  }
}

std::optional<std::string> finish_container_nodes(Run& run, const std::string& pod_id,
                                                  const PodRequest& request,
                                                  const PodEvent& event) {
  const graph::Node& pod = run.node(pod_id);
  const std::string& workflow = run.request().name;
  OutcomeResolver resolver(request, event);
  // Kubernetes lists container statuses sorted by name; Argo's pod message is the first
  // failed one that terminated.
  std::map<std::string, std::string> terminated_failures;
  std::optional<std::string> other_failure;
  for (std::size_t index = 0; index < request.container_set.size(); ++index) {
    const std::string& name = request.container_set[index].spec.name;
    const std::string id = graph::node_id(workflow, container_node_name(pod, name));
    const MemberOutcome& outcome = resolver.outcome(index);
    if (index < event.containers.size() && event.containers[index].started_at) {
      run.node(id).started_at = event.containers[index].started_at;
    }
    // The node ends now (set_phase stamps finishedAt): the executor reports the members
    // with the pod, so a member that ended earlier shows the pod's end.
    run.set_phase(id, outcome.phase, outcome.message);
    if (outcome.phase == graph::Phase::succeeded) {
      continue;
    }
    if (outcome.terminated) {
      terminated_failures.emplace(name, outcome.message);
    } else if (!other_failure) {
      other_failure = outcome.message;
    }
  }
  if (!terminated_failures.empty()) {
    return terminated_failures.begin()->second;
  }
  return other_failure;
}

}  // namespace engine
