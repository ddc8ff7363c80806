#include "store/archive_reader.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "engine/artifact_location.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>

namespace store {
namespace {

struct ReadFree {
  void operator()(archive* handle) const { archive_read_free(handle); }
};
using ReadHandle = std::unique_ptr<archive, ReadFree>;

/// `path` opened for reading as `format`; the handle is null only when out of memory, and
/// archive_errno/archive_error_string say why an open failed.
std::pair<ReadHandle, bool> open_archive(const std::string& path, ArchiveFormat format) {
  ReadHandle handle(archive_read_new());
  if (handle == nullptr) {
    return {nullptr, false};
  }
  if (format == ArchiveFormat::zip) {
    archive_read_support_format_zip(handle.get());
  } else {
    archive_read_support_filter_gzip(handle.get());
    archive_read_support_format_tar(handle.get());
  }
  const bool opened = archive_read_open_filename(handle.get(), path.c_str(), 65536) == ARCHIVE_OK;
  return {std::move(handle), opened};
}

std::string reason_of(archive* handle) {
  const char* reason = handle != nullptr ? archive_error_string(handle) : nullptr;
  return reason != nullptr ? reason : "out of memory";
}

/// Whether one of the '/'-separated parts of `name` is `..`.
bool has_dotdot_part(std::string_view name) {
  while (!name.empty()) {
    const std::size_t slash = name.find('/');
    if (name.substr(0, slash) == "..") {
      return true;
    }
    name = slash == std::string_view::npos ? std::string_view{} : name.substr(slash + 1);
  }
  return false;
}

/// Extracts the entries of one archive into one directory.
class Extraction {
 public:
  Extraction(archive* handle, const std::string& path, const std::string& dir)
      : m_handle(handle), m_path(path), m_dir(dir) {}

  /// Writes the entry the reader is positioned at.
  std::optional<util::Error> entry(archive_entry* entry);
  /// Gives the directories their archived modes, deepest first (a read-only directory made
  /// earlier would have stopped its own contents from being written).
  std::optional<util::Error> finish();

 private:
  util::Error invalid(std::string_view name, std::string_view why) const {
    return util::make_error(util::ErrorCode::invalid_input,
                            fmt::format("cannot extract {}: entry '{}' {}", m_path, name, why));
  }
  util::Error io(std::string_view name, std::string_view what, std::string_view reason) const {
    return util::make_error(
        util::ErrorCode::io,
        fmt::format("cannot extract {}: entry '{}': {}: {}", m_path, name, what, reason));
  }
  util::Result<std::string> relative(std::string_view name) const;
  std::optional<util::Error> make_parents(std::string_view name, const std::string& relative);
  std::optional<util::Error> write_dir(std::string_view name, const std::string& target,
                                       mode_t mode);
  std::optional<util::Error> write_data(std::string_view name, const std::string& target,
                                        mode_t mode);

  archive* m_handle;
  const std::string& m_path;
  const std::string& m_dir;
  std::vector<std::pair<std::string, mode_t>> m_dir_modes;
};

/// The entry's path below the directory, normalised ("./a//b" is "a/b"; the root "./" is "").
util::Result<std::string> Extraction::relative(std::string_view name) const {
  if (name.starts_with('/')) {
    return invalid(name, "has an absolute path");
  }
  if (has_dotdot_part(name)) {
    return invalid(name, "leaves the directory it is extracted to through '..'");
  }
  return *engine::normalize_artifact_key(name);  // no `..` part: never nullopt
}

/// Creates the directories above `relative`, refusing to go through a symlink: an archive
/// could otherwise make `a -> /etc` and then write `a/passwd`.
std::optional<util::Error> Extraction::make_parents(std::string_view name,
                                                    const std::string& relative) {
  for (std::size_t slash = relative.find('/'); slash != std::string::npos;
       slash = relative.find('/', slash + 1)) {
    const std::string parent = m_dir + "/" + relative.substr(0, slash);
    struct stat info {};
    if (::lstat(parent.c_str(), &info) != 0) {
      if (errno != ENOENT || (::mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST)) {
        return io(name, fmt::format("cannot create {}", parent), std::strerror(errno));
      }
      continue;
    }
    if (S_ISLNK(info.st_mode)) {
      return invalid(name, fmt::format("would be written through the symlink '{}'",
                                       relative.substr(0, slash)));
    }
    if (!S_ISDIR(info.st_mode)) {
      return invalid(
          name, fmt::format("is below '{}', which is not a directory", relative.substr(0, slash)));
    }
  }
  return std::nullopt;
}

std::optional<util::Error> Extraction::write_dir(std::string_view name, const std::string& target,
                                                 mode_t mode) {
  if (::mkdir(target.c_str(), 0700) != 0) {
    struct stat info {};
    if (errno != EEXIST || ::lstat(target.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
      return io(name, fmt::format("cannot create the directory {}", target),
                errno == EEXIST ? "something else is there" : std::strerror(errno));
    }
  }
  m_dir_modes.emplace_back(target, mode);
  return std::nullopt;
}

std::optional<util::Error> Extraction::write_data(std::string_view name, const std::string& target,
                                                  mode_t mode) {
  {
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    if (!out) {
      return io(name, fmt::format("cannot create {}", target), std::strerror(errno));
    }
    std::array<char, 65536> buffer{};
    la_ssize_t count = 0;
    while ((count = archive_read_data(m_handle, buffer.data(), buffer.size())) > 0) {
      out.write(buffer.data(), count);
    }
    if (count < 0) {
      return io(name, "cannot read its data", reason_of(m_handle));
    }
    if (!out.flush()) {
      return io(name, fmt::format("cannot write {}", target), std::strerror(errno));
    }
  }
  std::error_code ec;
  std::filesystem::permissions(target, static_cast<std::filesystem::perms>(mode & 07777), ec);
  if (ec) {
    return io(name, fmt::format("cannot chmod {}", target), ec.message());
  }
  return std::nullopt;
}

std::optional<util::Error> Extraction::entry(archive_entry* entry) {
  const char* raw_name = archive_entry_pathname(entry);
  if (raw_name == nullptr) {
    return invalid("?", "has a name that cannot be read in this locale");
  }
  const std::string_view name = raw_name;
  util::Result<std::string> rel = relative(name);
  if (!rel) {
    return rel.error();
  }
  if (rel->empty()) {
    return std::nullopt;  // the archive's root directory ("./"): the directory itself
  }
  if (auto error = make_parents(name, *rel)) {
    return error;
  }
  const std::string target = m_dir + "/" + *rel;
  const mode_t mode = archive_entry_perm(entry);
  const unsigned type = archive_entry_filetype(entry);
  if (type == AE_IFDIR) {
    return write_dir(name, target, mode);
  }
  if (type != AE_IFREG && type != AE_IFLNK && archive_entry_hardlink(entry) == nullptr) {
    return std::nullopt;  // devices, fifos, sockets: nothing a pod's files need
  }
  // A later entry of the same name replaces an earlier one, as tar does.
  if (::unlink(target.c_str()) != 0 && errno != ENOENT) {
    return io(name, fmt::format("cannot replace {}", target), std::strerror(errno));
  }
  if (const char* link = archive_entry_hardlink(entry); link != nullptr) {
    util::Result<std::string> source = relative(link);
    if (!source) {
      return source.error();
    }
    // Checked like a path to write: a link through `a -> /etc` would reach outside.
    if (auto error = make_parents(name, *source)) {
      return error;
    }
    if (::link((m_dir + "/" + *source).c_str(), target.c_str()) != 0) {
      return io(name, fmt::format("cannot link {} to {}", target, *source), std::strerror(errno));
    }
    return std::nullopt;
  }
  if (type == AE_IFLNK) {
    const char* to = archive_entry_symlink(entry);
    if (::symlink(to != nullptr ? to : "", target.c_str()) != 0) {
      return io(name, fmt::format("cannot create the symlink {}", target), std::strerror(errno));
    }
    return std::nullopt;
  }
  return write_data(name, target, mode);
}

std::optional<util::Error> Extraction::finish() {
  for (auto it = m_dir_modes.rbegin(); it != m_dir_modes.rend(); ++it) {
    if (::chmod(it->first.c_str(), it->second & 07777) != 0) {
      return util::make_error(util::ErrorCode::io,
                              fmt::format("cannot extract {}: cannot chmod {}: {}", m_path,
                                          it->first, std::strerror(errno)));
    }
  }
  return std::nullopt;
}

}  // namespace

bool is_tarball(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size == 0) {
    return false;
  }
  auto [handle, opened] = open_archive(path, ArchiveFormat::tar);
  if (!opened) {
    return false;
  }
  archive_entry* entry = nullptr;
  const int status = archive_read_next_header(handle.get(), &entry);
  // EOF: a valid tar without entries (just its end-of-archive blocks).
  return status == ARCHIVE_OK || status == ARCHIVE_WARN || status == ARCHIVE_EOF;
}

std::optional<util::Error> extract_archive(const std::string& path, ArchiveFormat format,
                                           const std::string& dir) {
  const char* kind = format == ArchiveFormat::zip ? "a zip file" : "a tarball";
  auto [handle, opened] = open_archive(path, format);
  if (!opened) {
    // Opening reads the first block to recognise the format: a file that can be read but
    // not opened is not this kind of archive (libarchive has no public errno for that).
    const bool readable = std::ifstream(path, std::ios::binary).good();
    return util::make_error(readable ? util::ErrorCode::invalid_input : util::ErrorCode::io,
                            readable
                                ? fmt::format("cannot extract {}: it is not {} ({})", path, kind,
                                              reason_of(handle.get()))
                                : fmt::format("cannot open {}: {}", path, reason_of(handle.get())));
  }
  Extraction extraction(handle.get(), path, dir);
  for (bool first = true;; first = false) {
    archive_entry* entry = nullptr;
    const int status = archive_read_next_header(handle.get(), &entry);
    if (status == ARCHIVE_EOF) {
      break;
    }
    if (status < ARCHIVE_WARN) {
      // The first header is where a file that is not this kind of archive fails.
      return util::make_error(
          first ? util::ErrorCode::invalid_input : util::ErrorCode::io,
          first ? fmt::format("cannot extract {}: it is not {} ({})", path, kind,
                              reason_of(handle.get()))
                : fmt::format("cannot extract {}: {}", path, reason_of(handle.get())));
    }
    if (auto error = extraction.entry(entry)) {
      return error;
    }
  }
  return extraction.finish();
}

}  // namespace store
