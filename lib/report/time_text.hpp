/// Instants as Argo prints them: RFC 3339 in `-o json`/`-o yaml`, Go's
/// `Mon Jan 02 15:04:05 -0700` layout in the `argo get` header. Always UTC: a local runner's
/// state files must not depend on the machine's time zone.
#pragma once

#include <string>

#include "graph/node.hpp"

namespace report {

/// The instant cut to whole seconds (towards the past), as Kubernetes stores metav1.Time: the
/// reports only ever see second precision, so they compare and subtract truncated times.
graph::TimePoint truncate_to_seconds(graph::TimePoint t);

/// `2024-01-02T03:04:05Z`: RFC 3339 in UTC, seconds precision (metav1.Time's JSON form).
std::string rfc3339(graph::TimePoint t);

/// `Tue Jan 02 03:04:05 +0000`: Go's layout "Mon Jan 02 15:04:05 -0700" in UTC, as the
/// `Created:`/`Started:`/`Finished:` header lines print it.
std::string argo_timestamp(graph::TimePoint t);

}  // namespace report
