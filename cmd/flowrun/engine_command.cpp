#include "engine_command.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "exec/host_launch.hpp"
#include "exec/process.hpp"

#include <signal.h>
#include <stdlib.h>

namespace cli {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Removes the directory when it goes out of scope.
struct TempDir {
  std::string path;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

util::Result<CommandOutput> run_engine_command(const exec::Argv& argv,
                                               std::chrono::milliseconds timeout) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = fmt::format("{}/flowrun-cmd-XXXXXX", tmp != nullptr && *tmp ? tmp : "/tmp");
  if (::mkdtemp(templ.data()) == nullptr) {
    return util::make_error(
        util::ErrorCode::io,
        fmt::format("cannot create a directory like {}: {}", templ, std::strerror(errno)));
  }
  const TempDir dir{templ};
  exec::SpawnRequest spawn;
  spawn.argv = argv;
  spawn.env = exec::current_environment();
  spawn.cwd = dir.path;
  spawn.stdout_path = dir.path + "/out";
  spawn.stderr_path = dir.path + "/err";
  auto process = exec::Process::spawn(spawn);
  if (!process) {
    return process.error();
  }
  const auto status = process->wait_for(timeout);
  if (!status) {
    process->signal_group(SIGKILL);
    return util::make_error(util::ErrorCode::io,
                            fmt::format("`{}` did not finish within {} s", fmt::join(argv, " "),
                                        timeout.count() / 1000));
  }
  CommandOutput output;
  output.exit_code = status->exit_code;
  output.out = read_all(spawn.stdout_path);
  output.err = read_all(spawn.stderr_path);
  while (!output.err.empty() && std::isspace(static_cast<unsigned char>(output.err.back()))) {
    output.err.pop_back();
  }
  return output;
}

}  // namespace cli
