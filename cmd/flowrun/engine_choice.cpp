#include "engine_choice.hpp"

#include <fmt/format.h>

namespace cli {
namespace {

const char* engine_name(exec::ContainerEngine engine) {
  return engine == exec::ContainerEngine::podman ? "podman" : "docker";
}

/// detect_engine's error for one engine: a first line, then one indented line per engine
/// tried. The reason alone, e.g. `docker: not installed (...)`.
std::string reason(const util::Error& error) {
  const std::size_t newline = error.message.find('\n');
  if (newline == std::string::npos) {
    return error.message;
  }
  std::string rest = error.message.substr(newline + 1);
  const std::size_t start = rest.find_first_not_of(' ');
  return start == std::string::npos ? rest : rest.substr(start);
}

exec::EngineChoice to_choice(Runtime runtime) {
  switch (runtime) {
    case Runtime::docker: return exec::EngineChoice::docker;
    case Runtime::podman: return exec::EngineChoice::podman;
    default: return exec::EngineChoice::auto_detect;
  }
}

}  // namespace

util::Result<ChosenEngine> choose_engine(Runtime runtime, bool explain) {
  if (runtime != Runtime::auto_detect || !explain) {
    auto detected = exec::detect_engine(to_choice(runtime));
    if (!detected) {
      return detected.error();
    }
    std::string why = runtime == Runtime::auto_detect
                          ? "auto"
                          : fmt::format("--runtime {}", engine_name(detected->engine));
    return ChosenEngine{std::move(*detected), std::move(why)};
  }
  // auto, explained: the same order as detect_engine(auto), one engine at a time.
  auto docker = exec::detect_engine(exec::EngineChoice::docker);
  if (docker) {
    return ChosenEngine{std::move(*docker), "--runtime auto tries docker first, and it answers"};
  }
  auto podman = exec::detect_engine(exec::EngineChoice::podman);
  if (podman) {
    return ChosenEngine{std::move(*podman), reason(docker.error())};
  }
  return util::make_error(podman.error().code,
                          fmt::format("no container engine answers\n  {}\n  {}",
                                      reason(docker.error()), reason(podman.error())));
}

util::Result<std::vector<exec::DetectedEngine>> working_engines(Runtime runtime,
                                                                std::vector<std::string>& skipped) {
  if (runtime != Runtime::auto_detect) {
    auto detected = exec::detect_engine(to_choice(runtime));
    if (!detected) {
      return detected.error();
    }
    return std::vector<exec::DetectedEngine>{std::move(*detected)};
  }
  std::vector<exec::DetectedEngine> found;
  std::vector<std::string> reasons;
  for (exec::EngineChoice choice : {exec::EngineChoice::docker, exec::EngineChoice::podman}) {
    auto detected = exec::detect_engine(choice);
    if (detected) {
      found.push_back(std::move(*detected));
    } else {
      reasons.push_back(reason(detected.error()));
    }
  }
  if (found.empty()) {
    std::string message = "no container engine answers";
    for (const std::string& each : reasons) {
      message += "\n  " + each;
    }
    return util::make_error(util::ErrorCode::not_supported, std::move(message));
  }
  skipped.insert(skipped.end(), reasons.begin(), reasons.end());
  return found;
}

std::string describe_choice(const ChosenEngine& chosen) {
  return fmt::format("using {} {} ({}): {}", engine_name(chosen.detected.engine),
                     chosen.detected.version, chosen.detected.binary, chosen.why);
}

}  // namespace cli
