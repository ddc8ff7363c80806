// Where the state directory is: FLOWRUN_STATE_DIR, XDG_STATE_HOME, then HOME.
#include "store/state_dir.hpp"

#include <catch2/catch.hpp>

namespace {

std::string dir_for(store::StateEnv env) {
  auto dir = store::state_dir(env);
  REQUIRE(dir.ok());
  return *dir;
}

}  // namespace

TEST_CASE("state_dir: FLOWRUN_STATE_DIR wins and is used as it is", "[store]") {
  CHECK(dir_for({"/tmp/st", "/xdg", "/home/u"}) == "/tmp/st");
  CHECK(dir_for({"relative/st", "", ""}) == "relative/st");
}

TEST_CASE("state_dir: XDG_STATE_HOME/flowrun, else ~/.local/state/flowrun", "[store]") {
  CHECK(dir_for({"", "/xdg/state", "/home/u"}) == "/xdg/state/flowrun");
  CHECK(dir_for({"", "", "/home/u"}) == "/home/u/.local/state/flowrun");
}

TEST_CASE("state_dir: a relative XDG_STATE_HOME is ignored, as XDG says", "[store]") {
  CHECK(dir_for({"", "xdg", "/home/u"}) == "/home/u/.local/state/flowrun");
}

TEST_CASE("state_dir: an error names the variables when none is set", "[store]") {
  auto dir = store::state_dir({"", "", ""});
  REQUIRE_FALSE(dir.ok());
  CHECK(dir.error().code == util::ErrorCode::invalid_input);
  CHECK(dir.error().message ==
        "no state directory: set FLOWRUN_STATE_DIR (or XDG_STATE_HOME or HOME)");
}

TEST_CASE("runs_dir: the runs live in runs/ below the state directory", "[store]") {
  CHECK(store::runs_dir("/s") == "/s/runs");
}
