// Helpers shared by the artifact tests: hand-made tar files (so tests can hold entries a
// well-behaved writer never makes) and short looks at files' types and modes.
#pragma once

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <sys/stat.h>

namespace artifact_test {

/// One tar entry: type '0' file, '5' directory, '2' symlink (to `link`).
struct TarEntry {
  std::string name;
  std::string content;
  char type = '0';
  unsigned mode = 0644;
  std::string link;
};

/// A regular file entry.
inline TarEntry tar_file(std::string name, std::string content, unsigned mode = 0644) {
  TarEntry entry;
  entry.name = std::move(name);
  entry.content = std::move(content);
  entry.mode = mode;
  return entry;
}

/// A symlink entry `name` -> `target`.
inline TarEntry tar_symlink(std::string name, std::string target) {
  TarEntry entry;
  entry.name = std::move(name);
  entry.type = '2';
  entry.mode = 0777;
  entry.link = std::move(target);
  return entry;
}

/// The bytes of a plain (not gzip'd) ustar archive holding `entries` in order.
inline std::string tar_bytes(const std::vector<TarEntry>& entries) {
  std::string out;
  for (const TarEntry& entry : entries) {
    std::string header(512, '\0');
    const auto put = [&header](std::size_t at, const std::string& text) {
      header.replace(at, text.size(), text);
    };
    const auto octal = [](unsigned long value, int width) {
      char buffer[24];
      std::snprintf(buffer, sizeof buffer, "%0*lo", width, value);
      return std::string(buffer);
    };
    put(0, entry.name);
    put(100, octal(entry.mode, 7));
    put(108, octal(0, 7));
    put(116, octal(0, 7));
    put(124, octal(entry.content.size(), 11));
    put(136, octal(1700000000, 11));
    put(148, std::string(8, ' '));
    header[156] = entry.type;
    put(157, entry.link);
    put(257, std::string("ustar\0"
                         "00",
                         8));
    unsigned sum = 0;
    for (const char c : header) {
      sum += static_cast<unsigned char>(c);
    }
    put(148, octal(sum, 6) + std::string("\0 ", 2));
    out += header;
    out += entry.content;
    out += std::string((512 - entry.content.size() % 512) % 512, '\0');
  }
  return out + std::string(1024, '\0');
}

/// The permission bits of `path` (not following a symlink), or ~0u when it is missing.
inline unsigned mode_of(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 ? static_cast<unsigned>(info.st_mode & 07777) : ~0u;
}

/// The names in directory `dir`, sorted.
inline std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace artifact_test
