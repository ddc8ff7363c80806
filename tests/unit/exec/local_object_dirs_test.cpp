// Secrets and configMaps from local directories: <dir>/<name>/<key> files.
#include "exec/local_object_dirs.hpp"

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "exec_test_support.hpp"

namespace fs = std::filesystem;
using engine::ObjectKind;

TEST_CASE("local objects: values, keys and directories", "[exec][objects]") {
  exec_test::ScratchDir temp;
  REQUIRE_FALSE(temp.path().empty());
  const fs::path secrets = fs::path(temp.path()) / "secrets";
  fs::create_directories(secrets / "db");
  std::ofstream(secrets / "db" / "user") << "app";
  std::ofstream(secrets / "db" / "password") << "s3cret\n";
  std::ofstream(secrets / "db" / ".hidden") << "x";
  const exec::LocalObjectDirs objects(secrets.string(), "");

  CHECK(objects.value(ObjectKind::secret, "db", "user").value() == "app");
  CHECK(objects.value(ObjectKind::secret, "db", "password").value() == "s3cret\n");
  CHECK(objects.keys(ObjectKind::secret, "db").value() ==
        std::vector<std::string>{"password", "user"});
  CHECK(objects.directory(ObjectKind::secret, "db").value() == (secrets / "db").string());

  auto no_key = objects.value(ObjectKind::secret, "db", "token");
  REQUIRE_FALSE(no_key.ok());
  CHECK_THAT(no_key.error().message, Catch::StartsWith("couldn't find key token in secret \"db\""));
  auto no_secret = objects.value(ObjectKind::secret, "cache", "user");
  REQUIRE_FALSE(no_secret.ok());
  CHECK_THAT(no_secret.error().message, Catch::StartsWith("secret \"cache\" not found"));
  auto escape = objects.value(ObjectKind::secret, "..", "user");
  CHECK_FALSE(escape.ok());
  auto escape_key = objects.value(ObjectKind::secret, "db", "../db/user");
  CHECK_FALSE(escape_key.ok());
  auto no_maps = objects.keys(ObjectKind::config_map, "settings");
  REQUIRE_FALSE(no_maps.ok());
  CHECK_THAT(no_maps.error().message,
             Catch::Contains("configmap \"settings\" not found: no local configmaps"));
}
