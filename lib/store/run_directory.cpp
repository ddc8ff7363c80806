#include "store/run_directory.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "store/atomic_file.hpp"
#include "store/state_dir.hpp"

#include <sys/stat.h>

namespace store {
namespace {

bool usable_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

}  // namespace

util::Result<RunDirectory> RunDirectory::create(const std::string& state_dir,
                                                const std::string& name) {
  if (!usable_name(name)) {
    return util::make_error(util::ErrorCode::internal,
                            fmt::format("\"{}\" cannot name a run directory", name));
  }
  const std::string runs = runs_dir(state_dir);
  std::error_code error;
  if (!std::filesystem::is_directory(runs, error)) {
    std::filesystem::create_directories(runs, error);
    if (error) {
      return util::make_error(util::ErrorCode::io,
                              fmt::format("cannot create {}: {}", runs, error.message()));
    }
    // Logs may hold secrets a step printed: the runs are the user's alone.
    std::filesystem::permissions(runs, std::filesystem::perms::owner_all, error);
  }
  const std::string path = run_path(state_dir, name);
  // mkdir is the atomic test: two runs of one name started at once cannot both succeed.
  if (::mkdir(path.c_str(), 0755) != 0) {
    const int saved = errno;
    if (saved == EEXIST) {
      return util::make_error(util::ErrorCode::invalid_input,
                              fmt::format("a run named \"{}\" already exists ({})", name, path));
    }
    return util::make_error(util::ErrorCode::io,
                            fmt::format("cannot create {}: {}", path, std::strerror(saved)));
  }
  RunDirectory created(path);
  if (::mkdir(created.logs_dir().c_str(), 0755) != 0) {
    return util::make_error(
        util::ErrorCode::io,
        fmt::format("cannot create {}: {}", created.logs_dir(), std::strerror(errno)));
  }
  return created;
}

std::string RunDirectory::workflow_path() const {
  return m_path + "/workflow.yaml";
}

std::string RunDirectory::status_path() const {
  return m_path + "/status.json";
}

std::string RunDirectory::logs_dir() const {
  return m_path + "/logs";
}

std::string run_path(const std::string& state_dir, const std::string& name) {
  return runs_dir(state_dir) + "/" + name;
}

std::optional<util::Error> RunDirectory::write_workflow(std::string_view text) const {
  return write_file_atomically(workflow_path(), text);
}

}  // namespace store
