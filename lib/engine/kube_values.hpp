/// Kubernetes' own conventions for container fields, which Argo inherits because its pods are
/// Kubernetes pods: `$(VAR)` expansion in env, command and args, and resource quantities.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace engine {

/// Name/value pairs in definition order; later definitions of a name win.
using KubeEnv = std::vector<std::pair<std::string, std::string>>;

/// Kubernetes' `$(VAR)` expansion (third_party/forked/golang/expansion): `$(NAME)` becomes
/// the value of NAME in `env` when defined and is kept verbatim otherwise; `$$` is an escaped
/// `$`, so `$$(NAME)` stays `$(NAME)`; any other `$` is kept.
std::string expand_kube_vars(std::string_view text, const KubeEnv& env);

/// `env` with each value expanded against the variables defined before it, as the kubelet
/// does (a variable can only refer to earlier ones).
KubeEnv expand_kube_env(const KubeEnv& env);

/// A CPU quantity (`500m`, `2`, `1.5`) as a decimal number of CPUs for `--cpus` ("0.5").
util::Result<std::string> cpu_quantity(std::string_view text);

/// A memory quantity (`64Mi`, `1G`, `128974848`, `129e6`) as a whole number of bytes for
/// `--memory`.
util::Result<std::string> memory_quantity(std::string_view text);

}  // namespace engine
