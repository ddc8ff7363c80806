#include "store/archive_writer.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

namespace store {
namespace {

struct WriteFree {
  void operator()(archive* handle) const { archive_write_free(handle); }
};
struct EntryFree {
  void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};
using WriteHandle = std::unique_ptr<archive, WriteFree>;
using EntryHandle = std::unique_ptr<archive_entry, EntryFree>;

util::Error io_error(const std::string& what, std::string_view reason) {
  return util::make_error(util::ErrorCode::io, fmt::format("cannot {}: {}", what, reason));
}

/// One archive being written: the handle and the file name for messages.
class Writer {
 public:
  Writer(archive* handle, std::string dest) : m_handle(handle), m_dest(std::move(dest)) {}

  /// The error for a failed libarchive call on this archive.
  util::Error failure() const {
    const char* reason = archive_error_string(m_handle);
    return io_error(fmt::format("write {}", m_dest), reason != nullptr ? reason : "unknown error");
  }

  /// Adds `path` as entry `name`, and a directory's contents below it.
  std::optional<util::Error> add(const std::string& path, const std::string& name, bool follow);

 private:
  std::optional<util::Error> add_children(const std::string& dir, const std::string& name);
  std::optional<util::Error> add_data(const std::string& path);

  archive* m_handle;
  std::string m_dest;
};

std::optional<util::Error> Writer::add(const std::string& path, const std::string& name,
                                       bool follow) {
  struct stat info {};
  if ((follow ? ::stat(path.c_str(), &info) : ::lstat(path.c_str(), &info)) != 0) {
    return io_error(fmt::format("archive {}", path), std::strerror(errno));
  }
  const bool is_dir = S_ISDIR(info.st_mode);
  const bool is_link = S_ISLNK(info.st_mode);
  if (!is_dir && !is_link && !S_ISREG(info.st_mode)) {
    return std::nullopt;  // a socket, fifo or device has no content to keep
  }
  const EntryHandle entry(archive_entry_new());
  archive_entry_copy_stat(entry.get(), &info);
  archive_entry_copy_pathname(entry.get(), name.c_str());
  if (is_link) {
    std::error_code ec;
    const std::filesystem::path target = std::filesystem::read_symlink(path, ec);
    if (ec) {
      return io_error(fmt::format("read the symlink {}", path), ec.message());
    }
    archive_entry_copy_symlink(entry.get(), target.c_str());
  }
  if (!S_ISREG(info.st_mode)) {
    archive_entry_set_size(entry.get(), 0);
  }
  if (archive_write_header(m_handle, entry.get()) < ARCHIVE_WARN) {
    return failure();
  }
  if (is_dir) {
    return add_children(path, name);
  }
  return S_ISREG(info.st_mode) ? add_data(path) : std::nullopt;
}

std::optional<util::Error> Writer::add_children(const std::string& dir, const std::string& name) {
  std::vector<std::string> children;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    children.push_back(it->path().filename().string());
  }
  if (ec) {
    return io_error(fmt::format("list {}", dir), ec.message());
  }
  // Name order: the same tree always gives the same archive.
  std::sort(children.begin(), children.end());
  for (const std::string& child : children) {
    if (auto error =
            add(fmt::format("{}/{}", dir, child), fmt::format("{}/{}", name, child), false)) {
      return error;
    }
  }
  return std::nullopt;
}

std::optional<util::Error> Writer::add_data(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return io_error(fmt::format("read {}", path), std::strerror(errno));
  }
  std::array<char, 65536> buffer{};
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    if (archive_write_data(m_handle, buffer.data(), static_cast<std::size_t>(in.gcount())) < 0) {
      return failure();
    }
  }
  if (in.bad()) {
    return io_error(fmt::format("read {}", path), "read error");
  }
  return std::nullopt;
}

/// The name of the archive's root entry: source's last component, trailing '/'s ignored.
std::string root_name(const std::string& source) {
  std::filesystem::path path(source);
  if (!path.has_filename()) {
    path = path.parent_path();
  }
  return path.filename().string();
}

/// Sets the format and filter `archive` asks for; false when libarchive refuses.
bool configure(archive* handle, const engine::ArchiveSpec& archive) {
  if (archive.kind == engine::ArchiveSpec::Kind::zip) {
    return archive_write_set_format_zip(handle) == ARCHIVE_OK;
  }
  if (archive_write_set_format_pax_restricted(handle) != ARCHIVE_OK ||
      archive_write_add_filter_gzip(handle) != ARCHIVE_OK) {
    return false;
  }
  if (archive.compression_level < 0) {
    return true;  // gzip's default level
  }
  const std::string level = std::to_string(std::min(archive.compression_level, 9));
  return archive_write_set_filter_option(handle, "gzip", "compression-level", level.c_str()) ==
         ARCHIVE_OK;
}

}  // namespace

std::optional<util::Error> write_archive(const std::string& source, const std::string& dest,
                                         const engine::ArchiveSpec& archive) {
  if (archive.kind == engine::ArchiveSpec::Kind::none) {
    return util::make_error(util::ErrorCode::internal,
                            fmt::format("write_archive({}): archive none is not an archive", dest));
  }
  const std::string name = root_name(source);
  if (name.empty() || name == "." || name == "..") {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("cannot archive {}: the path has no base name for the archive's root entry",
                    source));
  }
  const WriteHandle handle(archive_write_new());
  if (handle == nullptr) {
    return io_error(fmt::format("write {}", dest), "out of memory");
  }
  Writer writer(handle.get(), dest);
  if (!configure(handle.get(), archive)) {
    return writer.failure();
  }
  if (archive_write_open_filename(handle.get(), dest.c_str()) != ARCHIVE_OK) {
    return writer.failure();
  }
  if (auto error = writer.add(source, name, true)) {
    return error;
  }
  // Close flushes the gzip stream and the zip's central directory.
  if (archive_write_close(handle.get()) != ARCHIVE_OK) {
    return writer.failure();
  }
  return std::nullopt;
}

}  // namespace store
