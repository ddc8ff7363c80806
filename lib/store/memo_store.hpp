/// The memoize cache on disk (spec 2.6, 10): Argo keeps each cache in a ConfigMap whose data
/// holds one JSON entry per key; flowrun keeps one file per entry,
///
///     <root>/<cache name>/<encoded key>.json
///         {"nodeID": ..., "outputs": {...}, "creationTimestamp": ..., "lastHitTimestamp": ...}
///
/// with `<root>` = `<state dir>/cache`, so every run of the machine shares it. Cache names and
/// keys are user text: both are percent-encoded into safe file names (memo_file_name).
#pragma once

#include <optional>
#include <string>

#include "engine/memo_cache.hpp"
#include "util/result.hpp"

namespace store {

/// `<state_dir>/cache`: the memoize caches' root directory.
std::string cache_dir(const std::string& state_dir);

/// `text` as one file name component: bytes other than ASCII letters, digits, `-` and `_`
/// become `%XX` (upper-case hex), so no `/`, `.` or `..` survives and distinct texts stay
/// distinct. Empty text is `%`. A result over 200 bytes is cut to 180 and suffixed with
/// `~<fnv32a of the text, 8 hex digits>` (file names are limited to 255 bytes).
std::string memo_file_name(const std::string& text);

/// The file-backed cache. Writes are atomic (store/atomic_file.hpp): concurrent runs see an
/// old entry or a new one, never a torn one.
class MemoStore final : public engine::MemoCache {
 public:
  /// Keeps entries under `root` (created on the first save).
  explicit MemoStore(std::string root) : m_root(std::move(root)) {}

  /// The entry, and its lastHitTimestamp is set to now (best effort: a failed update is
  /// ignored). A missing, unreadable or malformed file is a miss.
  std::optional<engine::MemoEntry> lookup(const std::string& cache_name,
                                          const std::string& key) override;
  /// Writes the entry (creationTimestamp and lastHitTimestamp = entry.created_at); the error
  /// (io) names the file.
  std::optional<util::Error> save(const std::string& cache_name, const std::string& key,
                                  const engine::MemoEntry& entry) override;

  /// The file of `key` in `cache_name`.
  std::string entry_path(const std::string& cache_name, const std::string& key) const;

 private:
  std::string m_root;
};

}  // namespace store
