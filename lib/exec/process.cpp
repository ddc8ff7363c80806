#include "exec/process.hpp"

#include <cerrno>
#include <cstring>
#include <exception>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <boost/filesystem/path.hpp>
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/start_dir.hpp>
#include <fmt/format.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bp = boost::process;

namespace exec {
namespace {

constexpr std::string_view k_default_path =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
constexpr auto k_poll_step = std::chrono::milliseconds(5);

/// Go's os/exec message for a program that could not be started.
util::Error exec_error(const std::string& program, const std::string& detail) {
  return util::make_error(util::ErrorCode::io, fmt::format("exec: \"{}\": {}", program, detail));
}

/// strerror text as Go prints it (lower case: "no such file or directory").
std::string errno_text(int error) {
  std::string text = std::generic_category().message(error);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

/// 0 when `path` is a regular file with an execute bit, else an errno value.
int check_executable(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return errno;
  }
  if (S_ISDIR(info.st_mode)) {
    return EISDIR;
  }
  if ((info.st_mode & 0111) == 0 || ::access(path.c_str(), X_OK) != 0) {
    return EACCES;
  }
  return 0;
}

ExitStatus decode_status(int status) {
  if (WIFEXITED(status)) {
    return ExitStatus{WEXITSTATUS(status), 0};
  }
  if (WIFSIGNALED(status)) {
    return ExitStatus{128 + WTERMSIG(status), WTERMSIG(status)};
  }
  // Someone else reaped the child (SIGCHLD ignored): its status is lost.
  return ExitStatus{255, 0};
}

/// Child side, between fork and exec (async-signal-safe calls only): a new process group,
/// and default signal handling whatever flowrun itself ignores or blocks.
void prepare_child() {
  ::setpgid(0, 0);
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  ::sigemptyset(&action.sa_mask);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD}) {
    ::sigaction(sig, &action, nullptr);
  }
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

/// `NAME=value` strings for execve, each name once (the last value wins); notes PATH.
std::vector<std::string> environment_entries(
    const std::vector<std::pair<std::string, std::string>>& env, std::string& path_env) {
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<std::string> entries;
  entries.reserve(env.size());
  for (const auto& [name, value] : env) {
    if (name == "PATH") {
      path_env = value;
    }
    auto [at, added] = index.emplace(name, entries.size());
    std::string entry = fmt::format("{}={}", name, value);
    if (added) {
      entries.push_back(std::move(entry));
    } else {
      entries[at->second] = std::move(entry);
    }
  }
  return entries;
}

}  // namespace

struct Process::Impl {
  bp::child child;
  std::optional<ExitStatus> status;
};

util::Result<std::string> find_program(const std::string& program, const std::string& path_env,
                                       const std::string& cwd) {
  if (program.find('/') != std::string::npos) {
    std::string path = program;
    if (program[0] != '/' && !cwd.empty()) {
      path = cwd + "/" + program;
    }
    int error = check_executable(path);
    if (error == 0) {
      return path;
    }
    if (error == ENOENT || error == ENOTDIR) {
      return exec_error(program, fmt::format("stat {}: {}", program, errno_text(error)));
    }
    return exec_error(program, errno_text(error));
  }
  if (!program.empty()) {
    std::string_view dirs = path_env;
    while (true) {
      size_t colon = dirs.find(':');
      std::string_view dir = dirs.substr(0, colon);
      std::string candidate = fmt::format("{}/{}", dir.empty() ? "." : dir, program);
      if (dir.empty() || dir[0] != '/') {
        candidate = cwd + "/" + candidate;
      }
      if (check_executable(candidate) == 0) {
        return candidate;
      }
      if (colon == std::string_view::npos) {
        break;
      }
      dirs.remove_prefix(colon + 1);
    }
  }
  return exec_error(program, "executable file not found in $PATH");
}

util::Result<Process> Process::spawn(const SpawnRequest& request) {
  if (request.argv.empty()) {
    return exec_error("", "executable file not found in $PATH");
  }
  struct stat info {};
  int cwd_error = ::stat(request.cwd.c_str(), &info) != 0 ? errno
                  : S_ISDIR(info.st_mode)                 ? 0
                                                          : ENOTDIR;
  if (cwd_error != 0) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("chdir {}: {}", request.cwd, errno_text(cwd_error)));
  }
  std::string path_env(k_default_path);
  std::vector<std::string> env_entries = environment_entries(request.env, path_env);
  std::vector<char*> envp;
  envp.reserve(env_entries.size() + 1);
  for (std::string& entry : env_entries) {
    envp.push_back(entry.data());
  }
  envp.push_back(nullptr);
  auto program = find_program(request.argv[0], path_env, request.cwd);
  if (!program) {
    return program.error();
  }
  std::vector<std::string> args(request.argv.begin() + 1, request.argv.end());
  // Boost opens output files without O_TRUNC: start from empty ones.
  ::unlink(request.stdout_path.c_str());
  ::unlink(request.stderr_path.c_str());
  std::error_code error;
  auto impl = std::make_unique<Impl>();
  try {
    impl->child = bp::child(
        bp::exe = *program, bp::args = std::move(args), bp::start_dir = request.cwd,
        (bp::std_in < bp::null), (bp::std_out > request.stdout_path),
        (bp::std_err > request.stderr_path),
        // Our own envp: Boost's environment class reads past short entries (1.74).
        bp::extend::on_setup = [&envp](auto& executor) { executor.env = envp.data(); },
        bp::extend::on_exec_setup = [](auto&) { prepare_child(); },
        // Boost does not reap a child whose exec failed: do it here, or it stays a zombie.
        bp::extend::on_error =
            [](auto& executor, const std::error_code&) {
              if (executor.pid > 0) {
                ::waitpid(executor.pid, nullptr, 0);
                executor.pid = -1;
              }
            },
        error);
  } catch (const std::exception& e) {
    return exec_error(request.argv[0], e.what());
  }
  if (error) {
    return exec_error(request.argv[0], errno_text(error.value()));
  }
  return Process(std::move(impl));
}

Process::Process(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Process::Process(Process&& other) noexcept = default;
Process& Process::operator=(Process&& other) noexcept = default;

Process::~Process() {
  if (!m_impl || m_impl->status || !m_impl->child.valid()) {
    return;
  }
  signal_group(SIGKILL);
  std::error_code error;
  m_impl->child.wait(error);
}

std::optional<ExitStatus> Process::poll() {
  if (m_impl->status) {
    return m_impl->status;
  }
  std::error_code error;
  if (m_impl->child.running(error)) {
    return std::nullopt;
  }
  m_impl->status = decode_status(m_impl->child.native_exit_code());
  // The group outlives its leader while leftovers run; a container would take them down.
  // The kernel does not reuse the ID of a live process group, so this cannot hit strangers.
  ::kill(-pid(), SIGKILL);
  return m_impl->status;
}

std::optional<ExitStatus> Process::wait_for(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (auto status = poll()) {
      return status;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= until) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(k_poll_step, until - now));
  }
}

void Process::signal_group(int signal) {
  if (m_impl->status) {
    return;
  }
  ::kill(-pid(), signal);
}

int Process::pid() const {
  return m_impl->child.id();
}

}  // namespace exec
