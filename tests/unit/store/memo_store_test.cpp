// The file-backed memoize cache: round trips, the file format, key encoding and unreadable
// entries.
#include "store/memo_store.hpp"

#include <chrono>
#include <filesystem>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "store_test_support.hpp"

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

engine::MemoEntry sample_entry() {
  engine::MemoEntry entry;
  entry.node_id = "wf-123";
  entry.outputs.parameters = {{"b", "2"}, {"a", "line\n\"quoted\""}};
  entry.outputs.result = "hello";
  entry.outputs.exit_code = "0";
  entry.outputs.artifacts = {{"art", "/tmp/a", "s3", "wf/pod/art.tgz", "", ""},
                             {"raw", "", "raw", "", "inline", ""}};
  // 2024-01-02T03:04:05Z
  entry.created_at =
      graph::TimePoint(std::chrono::sys_days(std::chrono::year(2024) / std::chrono::January / 2)) +
      std::chrono::hours(3) + std::chrono::minutes(4) + std::chrono::seconds(5);
  return entry;
}

}  // namespace

TEST_CASE("memo store: an entry saved is found again, outputs in order", "[store][memoize]") {
  store_test::ScratchDir dir;
  store::MemoStore memo(store::cache_dir(dir.path()));
  CHECK_FALSE(memo.lookup("c", "k").has_value());
  REQUIRE_FALSE(memo.save("c", "k", sample_entry()));
  const std::optional<engine::MemoEntry> found = memo.lookup("c", "k");
  REQUIRE(found.has_value());
  CHECK(found->node_id == "wf-123");
  CHECK(found->outputs.parameters == Pairs{{"b", "2"}, {"a", "line\n\"quoted\""}});
  CHECK(found->outputs.result == std::optional<std::string>("hello"));
  CHECK(found->outputs.exit_code == std::optional<std::string>("0"));
  REQUIRE(found->outputs.artifacts.size() == 2);
  CHECK(found->outputs.artifacts[0].name == "art");
  CHECK(found->outputs.artifacts[0].path == "/tmp/a");
  CHECK(found->outputs.artifacts[0].key == "wf/pod/art.tgz");
  CHECK(found->outputs.artifacts[1].kind == "raw");
  CHECK(found->outputs.artifacts[1].data == "inline");
  CHECK(found->created_at == sample_entry().created_at);
  CHECK_FALSE(memo.lookup("c", "other").has_value());
  CHECK_FALSE(memo.lookup("other", "k").has_value());
}

TEST_CASE("memo store: the file is <root>/<cache>/<key>.json in Argo's entry form",
          "[store][memoize]") {
  store_test::ScratchDir dir;
  store::MemoStore memo(store::cache_dir(dir.path()));
  REQUIRE_FALSE(memo.save("my-cache", "key1", sample_entry()));
  const std::string path = dir.path() + "/cache/my-cache/key1.json";
  CHECK(memo.entry_path("my-cache", "key1") == path);
  const std::optional<std::string> text = store_test::slurp(path);
  REQUIRE(text.has_value());
  const nlohmann::json json = nlohmann::json::parse(*text);
  CHECK(json["nodeID"] == "wf-123");
  CHECK(json["creationTimestamp"] == "2024-01-02T03:04:05Z");
  CHECK(json["lastHitTimestamp"] == "2024-01-02T03:04:05Z");
  CHECK(json["outputs"]["parameters"][0]["name"] == "b");
  CHECK(json["outputs"]["exitCode"] == "0");
  // A hit records itself in lastHitTimestamp, keeping creationTimestamp.
  REQUIRE(memo.lookup("my-cache", "key1").has_value());
  const nlohmann::json hit = nlohmann::json::parse(*store_test::slurp(path));
  CHECK(hit["creationTimestamp"] == "2024-01-02T03:04:05Z");
  CHECK(hit["lastHitTimestamp"] != "2024-01-02T03:04:05Z");
}

TEST_CASE("memo store: keys and cache names are encoded as safe file names", "[store][memoize]") {
  CHECK(store::memo_file_name("plain-key_1") == "plain-key_1");
  CHECK(store::memo_file_name("a/b") == "a%2Fb");
  CHECK(store::memo_file_name("..") == "%2E%2E");
  CHECK(store::memo_file_name("../../etc/passwd") == "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd");
  CHECK(store::memo_file_name("50%") == "50%25");
  CHECK(store::memo_file_name("") == "%");
  CHECK(store::memo_file_name("é") == "%C3%A9");
  // Distinct texts stay distinct (no two encode alike).
  CHECK(store::memo_file_name("a b") != store::memo_file_name("a_b"));
  const std::string long_key(300, 'x');
  const std::string long_name = store::memo_file_name(long_key);
  CHECK(long_name.size() == 189);
  CHECK(long_name != store::memo_file_name(long_key + "y"));

  store_test::ScratchDir dir;
  store::MemoStore memo(store::cache_dir(dir.path()));
  REQUIRE_FALSE(memo.save("../c", "../../escape", sample_entry()));
  CHECK(std::filesystem::exists(dir.path() + "/cache/%2E%2E%2Fc/%2E%2E%2F%2E%2E%2Fescape.json"));
  CHECK_FALSE(std::filesystem::exists(dir.path() + "/escape.json"));
  CHECK(memo.lookup("../c", "../../escape").has_value());
  REQUIRE_FALSE(memo.save("c", long_key, sample_entry()));
  CHECK(memo.lookup("c", long_key).has_value());
}

TEST_CASE("memo store: a corrupt or malformed entry is a miss", "[store][memoize]") {
  store_test::ScratchDir dir;
  store::MemoStore memo(store::cache_dir(dir.path()));
  REQUIRE_FALSE(memo.save("c", "k", sample_entry()));
  const std::string path = memo.entry_path("c", "k");
  for (const char* text :
       {"{not json", "", "[]", R"({"nodeID": "n"})",
        R"({"nodeID": "n", "creationTimestamp": "yesterday"})",
        R"({"creationTimestamp": "2024-01-02T03:04:05Z", "outputs": {"parameters": [{}]}})",
        R"({"creationTimestamp": "2024-01-02T03:04:05Z", "outputs": []})"}) {
    store_test::write_text(path, text);
    CHECK_FALSE(memo.lookup("c", "k").has_value());
  }
  // Argo's own entry form (parameters carry valueFrom too) is read.
  store_test::write_text(
      path,
      R"({"nodeID":"memoized-hdckj","outputs":{"parameters":[{"name":"hello","value":"different world","valueFrom":{"path":"/tmp/hello_world.txt"}}],"exitCode":"0"},"creationTimestamp":"2021-10-12T15:14:04Z","lastHitTimestamp":"2021-10-12T15:14:04Z"})");
  const std::optional<engine::MemoEntry> argo = memo.lookup("c", "k");
  REQUIRE(argo.has_value());
  CHECK(argo->outputs.parameters == Pairs{{"hello", "different world"}});
}

TEST_CASE("memo store: a save that cannot write is an error naming the file", "[store][memoize]") {
  store_test::ScratchDir dir;
  store_test::write_text(dir.path() + "/cache", "a file where the directory should be");
  store::MemoStore memo(store::cache_dir(dir.path()));
  const std::optional<util::Error> error = memo.save("c", "k", sample_entry());
  REQUIRE(error.has_value());
  CHECK(error->code == util::ErrorCode::io);
  CHECK(error->message.find("failed to save the cache entry " + dir.path() + "/cache/c/k.json") ==
        0);
}
