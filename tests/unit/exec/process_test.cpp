// exec/process: program lookup with Go's wording, exit statuses, process groups.
#include "exec/process.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "exec_test_support.hpp"
#include <signal.h>
#include <sys/stat.h>

namespace {

using exec_test::ScratchDir;

exec::SpawnRequest shell(const ScratchDir& dir, const std::string& script) {
  exec::SpawnRequest request;
  request.argv = {"sh", "-c", script};
  request.env = {{"PATH", "/usr/local/bin:/usr/bin:/bin"}};
  request.cwd = dir.path();
  request.stdout_path = dir / "out";
  request.stderr_path = dir / "err";
  return request;
}

/// True once `pid` no longer runs (gone, or a zombie nobody has reaped yet).
bool ended(int pid) {
  auto stat = exec_test::slurp(fmt::format("/proc/{}/stat", pid));
  if (!stat) {
    return true;
  }
  auto paren = stat->rfind(')');
  return paren != std::string::npos && paren + 2 < stat->size() && (*stat)[paren + 2] == 'Z';
}

}  // namespace

TEST_CASE("find_program: PATH lookup and Go's messages", "[exec][process]") {
  ScratchDir dir;
  std::string tool = dir / "tool";
  std::ofstream(tool) << "#!/bin/sh\n";
  std::string plain = dir / "plain";
  std::ofstream(plain) << "not executable\n";
  std::filesystem::permissions(tool, std::filesystem::perms::owner_all);
  std::filesystem::create_directory(dir / "subdir");

  std::string path_env = fmt::format("/nonexistent:{}", dir.path());
  auto found = exec::find_program("tool", path_env, "/");
  REQUIRE(found);
  CHECK(*found == tool);

  auto not_found = exec::find_program("plain", path_env, "/");
  REQUIRE_FALSE(not_found);
  CHECK(not_found.error().message == R"(exec: "plain": executable file not found in $PATH)");

  auto relative = exec::find_program("./tool", "", dir.path());
  REQUIRE(relative);
  CHECK(*relative == dir / "./tool");

  auto missing = exec::find_program("/no/such/prog", path_env, "/");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message ==
        R"(exec: "/no/such/prog": stat /no/such/prog: no such file or directory)");

  auto denied = exec::find_program(plain, path_env, "/");
  REQUIRE_FALSE(denied);
  CHECK(denied.error().message == fmt::format(R"(exec: "{}": permission denied)", plain));

  auto directory = exec::find_program(dir / "subdir", path_env, "/");
  REQUIRE_FALSE(directory);
  CHECK(directory.error().message == fmt::format(R"(exec: "{}": is a directory)", dir / "subdir"));

  auto empty = exec::find_program("", path_env, "/");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().message == R"(exec: "": executable file not found in $PATH)");
}

TEST_CASE("process: exit status, output files, environment", "[exec][process]") {
  ScratchDir dir;
  auto request = shell(dir, "echo \"$ONLY_VAR\"; echo oops >&2; exit 7");
  request.env.emplace_back("ONLY_VAR", "only");
  auto process = exec::Process::spawn(request);
  REQUIRE(process);
  CHECK(process->pid() > 0);
  auto status = process->wait_for(std::chrono::seconds(60));
  REQUIRE(status);
  CHECK(status->exit_code == 7);
  CHECK(status->signal == 0);
  CHECK(process->poll()->exit_code == 7);  // polling again keeps the status
  CHECK(exec_test::slurp(dir / "out") == "only\n");
  CHECK(exec_test::slurp(dir / "err") == "oops\n");
}

TEST_CASE("process: only the given environment is passed", "[exec][process]") {
  ScratchDir dir;
  auto request = shell(dir, "echo \"[${HOME:-}]\"");
  request.env = {};  // no PATH either: the default PATH finds sh
  auto process = exec::Process::spawn(request);
  REQUIRE(process);
  REQUIRE(process->wait_for(std::chrono::seconds(60)));
  CHECK(exec_test::slurp(dir / "out") == "[]\n");
}

TEST_CASE("process: signals reach the whole group; status is 128 + signal", "[exec][process]") {
  ScratchDir dir;
  auto process = exec::Process::spawn(shell(dir, "sleep 30 & echo $! > child.pid; wait"));
  REQUIRE(process);
  // Wait until the background sleep exists.
  std::optional<std::string> pid_text;
  for (int i = 0; i < 6000 && !(pid_text && !pid_text->empty()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pid_text = exec_test::slurp(dir / "child.pid");
  }
  REQUIRE(pid_text);
  int child = std::stoi(*pid_text);
  CHECK_FALSE(process->poll());

  process->signal_group(SIGTERM);
  auto status = process->wait_for(std::chrono::seconds(60));
  REQUIRE(status);
  CHECK(status->signal == SIGTERM);
  CHECK(status->exit_code == 143);
  for (int i = 0; i < 6000 && !ended(child); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(ended(child));
}

TEST_CASE("process: what the main process leaves running is killed when it ends",
          "[exec][process]") {
  ScratchDir dir;
  auto process = exec::Process::spawn(shell(dir, "sleep 30 & echo $! > child.pid"));
  REQUIRE(process);
  auto status = process->wait_for(std::chrono::seconds(60));
  REQUIRE(status);
  CHECK(status->exit_code == 0);
  auto pid_text = exec_test::slurp(dir / "child.pid");
  REQUIRE(pid_text);
  int child = std::stoi(*pid_text);
  for (int i = 0; i < 6000 && !ended(child); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(ended(child));
}

TEST_CASE("process: a missing program or working directory is an error", "[exec][process]") {
  ScratchDir dir;
  auto request = shell(dir, "true");
  request.argv = {"flowrun-no-such-program-xyz"};
  auto missing = exec::Process::spawn(request);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message ==
        R"(exec: "flowrun-no-such-program-xyz": executable file not found in $PATH)");

  request = shell(dir, "true");
  request.cwd = dir / "no-such-dir";
  auto no_cwd = exec::Process::spawn(request);
  REQUIRE_FALSE(no_cwd);
  CHECK(no_cwd.error().message ==
        fmt::format("chdir {}: no such file or directory", dir / "no-such-dir"));
}

TEST_CASE("process: destroying a running process kills it", "[exec][process]") {
  ScratchDir dir;
  int pid = 0;
  auto begin = std::chrono::steady_clock::now();
  {
    auto process = exec::Process::spawn(shell(dir, "sleep 30"));
    REQUIRE(process);
    pid = process->pid();
  }
  CHECK(ended(pid));
  CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(20));
}
