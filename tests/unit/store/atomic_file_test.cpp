// write_file_atomically: the new content or the old one, never a partial file.
#include "store/atomic_file.hpp"

#include <filesystem>

#include <catch2/catch.hpp>

#include "store_test_support.hpp"

TEST_CASE("write_file_atomically: creates, then replaces, and leaves no temporary file",
          "[store]") {
  store_test::ScratchDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string path = dir / "status.json";
  CHECK_FALSE(store::write_file_atomically(path, "first").has_value());
  CHECK(store_test::slurp(path) == "first");
  CHECK_FALSE(store::write_file_atomically(path, "second, longer").has_value());
  CHECK(store_test::slurp(path) == "second, longer");
  CHECK_FALSE(store::write_file_atomically(path, "").has_value());
  CHECK(store_test::slurp(path) == "");
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("write_file_atomically: a missing directory is an io error naming the file", "[store]") {
  store_test::ScratchDir dir;
  const std::string path = dir / "missing/status.json";
  auto error = store::write_file_atomically(path, "x");
  REQUIRE(error.has_value());
  CHECK(error->code == util::ErrorCode::io);
  CHECK(error->message == "cannot create " + path + ".tmp: No such file or directory");
}

TEST_CASE("write_file_atomically: when the rename fails the old content stays", "[store]") {
  store_test::ScratchDir dir;
  // A non-empty directory cannot be replaced by a file.
  const std::string path = dir / "taken";
  std::filesystem::create_directories(path + "/inside");
  auto error = store::write_file_atomically(path, "x");
  REQUIRE(error.has_value());
  CHECK(error->message.rfind("cannot rename over " + path + ": ", 0) == 0);
  CHECK(std::filesystem::is_directory(path + "/inside"));
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}
