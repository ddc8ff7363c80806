// util/file: reading manifests with a size limit, and the errors for what cannot be read.
#include "util/file.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

namespace {

/// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    m_path = std::filesystem::temp_directory_path() / fmt::format("flowrun-file-test-{}", stamp);
    std::filesystem::create_directories(m_path);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }

  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = (m_path / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string path() const { return m_path.string(); }

 private:
  std::filesystem::path m_path;
};

}  // namespace

TEST_CASE("read_text_file returns the bytes of a file unchanged") {
  TempDir dir;
  const std::string text = std::string("a: 1\r\nb: \xff\0 end", 15);
  const std::string path = dir.write("wf.yaml", text);
  const util::Result<std::string> read = util::read_text_file(path, 1000);
  REQUIRE(read.ok());
  CHECK(*read == text);
}

TEST_CASE("read_text_file reads an empty file") {
  TempDir dir;
  const util::Result<std::string> read = util::read_text_file(dir.write("empty.yaml", ""), 10);
  REQUIRE(read.ok());
  CHECK(read->empty());
}

TEST_CASE("read_text_file reports a missing file") {
  TempDir dir;
  const std::string path = dir.path() + "/nope.yaml";
  const util::Result<std::string> read = util::read_text_file(path, 1000);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == util::ErrorCode::io);
  CHECK(read.error().message == path + ": no such file");
}

TEST_CASE("read_text_file refuses a directory") {
  TempDir dir;
  const util::Result<std::string> read = util::read_text_file(dir.path(), 1000);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == util::ErrorCode::io);
  CHECK(read.error().message == dir.path() + ": is a directory");
}

TEST_CASE("read_text_file enforces the size limit before reading") {
  TempDir dir;
  const std::string path = dir.write("big.yaml", std::string(101, 'x'));
  SECTION("one byte over the limit is refused") {
    const util::Result<std::string> read = util::read_text_file(path, 100);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == util::ErrorCode::invalid_input);
    CHECK(read.error().message ==
          path +
              ": file is 101 bytes, more than the 100 byte limit for a manifest (Kubernetes "
              "itself rejects objects over about 1.5 MiB)");
  }
  SECTION("exactly the limit is read") {
    const util::Result<std::string> read = util::read_text_file(path, 101);
    REQUIRE(read.ok());
    CHECK(read->size() == 101);
  }
}

TEST_CASE("read_text_file stops reading an endless stream at the limit") {
  // /dev/zero is not a regular file: its size is unknown until read, so the limit must be
  // enforced while reading, not only from the file size.
  if (!std::filesystem::exists("/dev/zero")) {
    WARN("no /dev/zero on this system; check not run");
    return;
  }
  const util::Result<std::string> read = util::read_text_file("/dev/zero", 100000);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == util::ErrorCode::invalid_input);
  CHECK(read.error().message == "/dev/zero: more than the 100000 byte limit for a manifest");
}

TEST_CASE("make_numbered_dir makes <parent>/<name>-<n> with the first free n") {
  TempDir dir;
  const std::string parent = dir.path() + "/made/below";
  util::Result<std::string> first = util::make_numbered_dir(parent, "pod");
  REQUIRE(first.ok());
  CHECK(*first == parent + "/pod-1");
  std::filesystem::create_directories(parent + "/pod-2");
  util::Result<std::string> third = util::make_numbered_dir(parent, "pod");
  REQUIRE(third.ok());
  CHECK(*third == parent + "/pod-3");
  CHECK(std::filesystem::is_directory(*third));
}

TEST_CASE("make_numbered_dir refuses names that are not one path component") {
  TempDir dir;
  for (const char* name : {"", ".", "..", "a/b"}) {
    util::Result<std::string> made = util::make_numbered_dir(dir.path(), name);
    REQUIRE_FALSE(made.ok());
    CHECK(made.error().code == util::ErrorCode::invalid_input);
  }
  CHECK_FALSE(util::make_numbered_dir("", "pod").ok());
}

TEST_CASE("make_temp_dir makes a new directory each time") {
  util::Result<std::string> one = util::make_temp_dir("flowrun-file-test");
  util::Result<std::string> two = util::make_temp_dir("flowrun-file-test");
  REQUIRE(one.ok());
  REQUIRE(two.ok());
  CHECK(*one != *two);
  CHECK(std::filesystem::is_directory(*one));
  CHECK(std::filesystem::path(*one).filename().string().starts_with("flowrun-file-test-"));
  std::filesystem::remove_all(*one);
  std::filesystem::remove_all(*two);
}
