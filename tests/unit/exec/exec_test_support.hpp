// Helpers shared by the exec tests: a scratch directory and pod requests for host commands.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "engine/executor.hpp"

#include <stdlib.h>

namespace exec_test {

/// A fresh directory (mkdtemp under the system temp dir), removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "flowrun-exec-test-XXXXXX");
    if (::mkdtemp(templ.data()) != nullptr) {
      m_path = templ;
    }
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  /// The directory; empty when it could not be made.
  const std::string& path() const { return m_path; }
  std::string operator/(const std::string& name) const { return m_path + "/" + name; }

 private:
  std::string m_path;
};

/// A pod that runs `sh -c <script>` (the image is only for messages).
inline engine::PodRequest shell_pod(const std::string& id, const std::string& script) {
  engine::PodRequest request;
  request.workflow_name = "wf";
  request.node_id = "wf-" + id;
  request.node_name = "wf." + id;
  request.pod_name = "wf-" + id + "-42";
  request.template_name = id;
  request.main.image = "alpine:3.19";
  request.main.command = {"sh", "-c", script};
  return request;
}

/// The text of `path`, or nullopt.
inline std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::string text;
  char buffer[4096];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  return text;
}

/// A deadline far enough away that only a broken executor reaches it.
inline engine::TimePoint far_deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(60);
}

}  // namespace exec_test
