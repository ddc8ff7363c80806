// flowrun gc: the argv builders, the parsers and the keep-or-remove decision (no engine).
#include "exec/gc.hpp"

#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using exec::Argv;
using exec::GcVerdict;
using exec::ResourceKind;

exec::LabelledResource resource(std::string pid, std::string host) {
  exec::LabelledResource r;
  r.kind = ResourceKind::container;
  r.id = "d87b469bc37b";
  r.name = "hello-abcde-0f3a9c2e";
  r.run = "0f3a9c2e-1111-4222-8333-444455556666";
  r.pid = std::move(pid);
  r.host = std::move(host);
  return r;
}

exec::GcHost this_host(bool alive, std::vector<int>* asked = nullptr) {
  exec::GcHost host;
  host.hostname = "laptop";
  host.flowrun_alive = [alive, asked](int pid) {
    if (asked != nullptr) {
      asked->push_back(pid);
    }
    return alive;
  };
  return host;
}

}  // namespace

TEST_CASE("gc_list_argv: every resource with a flowrun.run label, whatever its value",
          "[exec][gc]") {
  CHECK(exec::gc_list_argv("docker", ResourceKind::container) ==
        Argv{"docker", "ps", "-aq", "--filter", "label=flowrun.run"});
  CHECK(exec::gc_list_argv("podman", ResourceKind::network) ==
        Argv{"podman", "network", "ls", "-q", "--filter", "label=flowrun.run"});
  CHECK(exec::gc_list_argv("/usr/bin/podman", ResourceKind::volume) ==
        Argv{"/usr/bin/podman", "volume", "ls", "-q", "--filter", "label=flowrun.run"});
}

TEST_CASE("gc_inspect_argv: id, name and the three labels, tab-separated", "[exec][gc]") {
  CHECK(exec::gc_inspect_argv("docker", ResourceKind::container, {"a1", "b2"}) ==
        Argv{"docker", "container", "inspect", "--format",
             "{{.Id}}\t{{.Name}}\t{{index .Config.Labels \"flowrun.run\"}}\t"
             "{{index .Config.Labels \"flowrun.pid\"}}\t{{index .Config.Labels \"flowrun.host\"}}",
             "a1", "b2"});
  CHECK(exec::gc_inspect_argv("podman", ResourceKind::volume, {"v"}) ==
        Argv{"podman", "volume", "inspect", "--format",
             "{{.Name}}\t{{.Name}}\t{{index .Labels \"flowrun.run\"}}\t"
             "{{index .Labels \"flowrun.pid\"}}\t{{index .Labels \"flowrun.host\"}}",
             "v"});
  CHECK(exec::gc_inspect_argv("docker", ResourceKind::network, {"n"})[1] == "network");
}

TEST_CASE("gc_remove_argv: containers killed at once on both engines", "[exec][gc]") {
  const auto& docker = exec::dialect(exec::ContainerEngine::docker);
  const auto& podman = exec::dialect(exec::ContainerEngine::podman);
  CHECK(exec::gc_remove_argv(docker, "docker", ResourceKind::container, "c1") ==
        Argv{"docker", "rm", "-f", "c1"});
  CHECK(exec::gc_remove_argv(podman, "podman", ResourceKind::container, "c1") ==
        Argv{"podman", "rm", "-f", "-t", "0", "c1"});
  CHECK(exec::gc_remove_argv(docker, "docker", ResourceKind::network, "n1") ==
        Argv{"docker", "network", "rm", "n1"});
  CHECK(exec::gc_remove_argv(podman, "podman", ResourceKind::volume, "v1") ==
        Argv{"podman", "volume", "rm", "-f", "v1"});
}

TEST_CASE("parse_lines: trimmed, non-empty lines", "[exec][gc]") {
  CHECK(exec::parse_lines("a1\n  b2 \r\n\n") == std::vector<std::string>{"a1", "b2"});
  CHECK(exec::parse_lines("").empty());
}

TEST_CASE("parse_gc_inspect: docker's '/' and '<no value>' are cleaned up", "[exec][gc]") {
  const auto found = exec::parse_gc_inspect(ResourceKind::container,
                                            "d87b\t/hello-x\tabc\t999999\tlaptop\n"
                                            "e55f\t/old\tdef\t<no value>\t<no value>\n"
                                            "f00d\tpodman-style\tghi\t\t\n"
                                            "not enough fields\n"
                                            "\t/no-id\tx\t1\th\n");
  REQUIRE(found.size() == 3);
  CHECK(found[0].kind == ResourceKind::container);
  CHECK(found[0].id == "d87b");
  CHECK(found[0].name == "hello-x");
  CHECK(found[0].run == "abc");
  CHECK(found[0].pid == "999999");
  CHECK(found[0].host == "laptop");
  CHECK(found[1].name == "old");
  CHECK(found[1].pid.empty());
  CHECK(found[1].host.empty());
  // Missing labels at the end of a line are empty fields, not a short line.
  CHECK(found[2].name == "podman-style");
  CHECK(found[2].run == "ghi");
  CHECK(found[2].pid.empty());
}

TEST_CASE("parse_gc_inspect: podman volumes and networks, missing labels empty", "[exec][gc]") {
  const auto found = exec::parse_gc_inspect(ResourceKind::volume, "vol-1\tvol-1\tabc\t42\t\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == ResourceKind::volume);
  CHECK(found[0].id == "vol-1");
  CHECK(found[0].name == "vol-1");
  CHECK(found[0].pid == "42");
  CHECK(found[0].host.empty());
}

TEST_CASE("parse_owner_pid: only 1 to INT_MAX", "[exec][gc]") {
  CHECK(exec::parse_owner_pid("1") == 1);
  CHECK(exec::parse_owner_pid("999999") == 999999);
  CHECK(exec::parse_owner_pid("2147483647") == 2147483647);
  for (const char* bad : {"", "0", "-1", "+5", "12a", " 5", "2147483648", "99999999999"}) {
    CHECK_FALSE(exec::parse_owner_pid(bad).has_value());
  }
}

TEST_CASE("gc_verdict: a dead flowrun's resources go, a live one's stay", "[exec][gc]") {
  std::vector<int> asked;
  CHECK(exec::gc_verdict(resource("999999", "laptop"), this_host(false, &asked)) ==
        GcVerdict::remove);
  CHECK(asked == std::vector<int>{999999});
  CHECK(exec::gc_verdict(resource("4242", "laptop"), this_host(true)) == GcVerdict::keep_running);
}

TEST_CASE("gc_verdict: what cannot be checked is kept, unless --all", "[exec][gc]") {
  std::vector<int> asked;
  const exec::GcHost host = this_host(false, &asked);
  CHECK(exec::gc_verdict(resource("", "laptop"), host) == GcVerdict::keep_unlabelled);
  CHECK(exec::gc_verdict(resource("0", "laptop"), host) == GcVerdict::keep_unlabelled);
  CHECK(exec::gc_verdict(resource("12", ""), host) == GcVerdict::keep_unlabelled);
  CHECK(exec::gc_verdict(resource("12", "ci-runner"), host) == GcVerdict::keep_other_host);
  CHECK(asked.empty());  // never asked about a pid of another machine or no pid at all
  exec::GcHost all = this_host(true);
  all.all = true;
  for (const auto& each :
       {resource("", ""), resource("12", "ci-runner"), resource("1", "laptop")}) {
    CHECK(exec::gc_verdict(each, all) == GcVerdict::remove);
  }
}

TEST_CASE("flowrun_process_alive: a process named flowrun, not just any process", "[exec][gc]") {
  CHECK_FALSE(exec::flowrun_process_alive(0));
  CHECK_FALSE(exec::flowrun_process_alive(-1));
  // This test binary runs, but is not called flowrun.
  CHECK_FALSE(exec::flowrun_process_alive(static_cast<int>(::getpid())));

  // A `sleep` started through a link named flowrun has the comm "flowrun".
  std::string dir = std::filesystem::temp_directory_path() / "flowrun-gc-test-XXXXXX";
  REQUIRE(::mkdtemp(dir.data()) != nullptr);
  const std::string link = dir + "/flowrun";
  std::filesystem::create_symlink("/bin/sleep", link);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::execl(link.c_str(), "flowrun", "30", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool seen = false;
  for (int i = 0; i < 200 && !seen; ++i) {  // until the exec has happened
    seen = exec::flowrun_process_alive(static_cast<int>(child));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(seen);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  // Reaped: the pid names no process any more.
  CHECK_FALSE(exec::flowrun_process_alive(static_cast<int>(child)));
  std::filesystem::remove_all(dir);
}
