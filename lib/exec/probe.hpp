/// Network readiness probes (Kubernetes httpGet and tcpSocket), run from the host against a
/// container's IP on the run's network, as the kubelet probes a pod's IP.
#pragma once

#include <chrono>
#include <string>

namespace exec {

/// True when a TCP connection to `ip`:`port` opens within `timeout`.
bool tcp_probe(const std::string& ip, int port, std::chrono::milliseconds timeout);

/// True when `GET path` over HTTP/1.0 answers with a status from 200 to 399 within `timeout`,
/// the kubelet's rule. HTTPS is probed as a TCP connection only (no TLS here), documented.
bool http_probe(const std::string& ip, int port, const std::string& path,
                std::chrono::milliseconds timeout);

}  // namespace exec
