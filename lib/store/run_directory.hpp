/// The directory of one run: `<state dir>/runs/<workflow name>/`, holding
///
///     workflow.yaml       the file the Workflow was read from, byte for byte
///     status.json         the Workflow object as `argo get -o json` prints it, kept current
///     logs/<node id>.log  each pod's output lines (stdout and stderr as they came)
///     control.sock        while the run goes on: its control channel (lib/control)
///
/// Workflow names are unique per state directory, as Argo keeps them unique per namespace:
/// a run whose name is taken is refused and the existing directory is never touched.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace store {

/// The file name of a run's control socket inside its run directory.
inline constexpr std::string_view k_control_socket_name = "control.sock";

/// `<state_dir>/runs/<name>`: where the run of that name keeps its files (not checked).
std::string run_path(const std::string& state_dir, const std::string& name);

/// One run's directory, created by create(). Holds paths only (no open files).
class RunDirectory {
 public:
  /// Creates `<state_dir>/runs/` (mode 0700, parents too) when missing, then
  /// `<state_dir>/runs/<name>/` and its `logs/`. Errors: invalid_input exactly when a run of
  /// that name exists already (nothing is changed then); internal for a name that cannot be
  /// a directory name (workflow names are validated before); io for anything else.
  static util::Result<RunDirectory> create(const std::string& state_dir, const std::string& name);

  /// `<state_dir>/runs/<name>`.
  const std::string& path() const { return m_path; }
  /// `<path>/workflow.yaml`.
  std::string workflow_path() const;
  /// `<path>/status.json`.
  std::string status_path() const;
  /// `<path>/logs`.
  std::string logs_dir() const;

  /// Writes workflow.yaml (atomically).
  std::optional<util::Error> write_workflow(std::string_view text) const;

 private:
  explicit RunDirectory(std::string path) : m_path(std::move(path)) {}

  std::string m_path;
};

}  // namespace store
