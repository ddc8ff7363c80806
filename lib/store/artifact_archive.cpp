#include "store/artifact_archive.hpp"

#include <filesystem>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "store/archive_reader.hpp"
#include "store/archive_writer.hpp"
#include "util/file.hpp"

namespace store {
namespace {

namespace fs = std::filesystem;

util::Error io_error(std::string_view what, const std::string& path, const std::error_code& ec) {
  return util::make_error(util::ErrorCode::io,
                          fmt::format("cannot {} {}: {}", what, path, ec.message()));
}

/// Copies the file or directory tree at `source` (followed when it is a symlink) to `dest`,
/// which must not exist; symlinks below it stay symlinks, permissions are kept.
std::optional<util::Error> copy_tree(const std::string& source, const std::string& dest) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dest, ec))) {
    return io_error("copy to", dest, std::make_error_code(std::errc::file_exists));
  }
  (void)fs::status(source, ec);
  if (ec) {
    return io_error("read", source, ec);
  }
  ec = util::copy_path(source, dest);
  if (ec) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("cannot copy {} to {}: {}", source, dest, ec.message()));
  }
  return std::nullopt;
}

/// Extracts `source` into `<dest>.tmpdir`; then its one entry, or the directory itself when
/// it holds several (or none), becomes `dest`.
std::optional<util::Error> extract_to(const std::string& source, ArchiveFormat format,
                                      const std::string& dest) {
  const std::string temp = dest + ".tmpdir";
  std::error_code ec;
  fs::remove_all(temp, ec);  // left over from an attempt that was cut short
  if (!fs::create_directory(temp, ec) || ec) {
    return io_error("create", temp, ec ? ec : std::make_error_code(std::errc::file_exists));
  }
  const auto fail = [&temp](util::Error error) {
    std::error_code ignored;
    fs::remove_all(temp, ignored);
    return error;
  };
  if (auto error = extract_archive(source, format, temp)) {
    return fail(std::move(*error));
  }
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(temp, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(it->path());
  }
  if (ec) {
    return fail(io_error("list", temp, ec));
  }
  if (entries.size() == 1) {
    fs::rename(entries.front(), dest, ec);
    if (!ec) {
      fs::remove(temp, ec);
    }
  } else {
    fs::rename(temp, dest, ec);
  }
  if (ec) {
    return fail(io_error(fmt::format("move the extracted {} to", source), dest, ec));
  }
  return std::nullopt;
}

}  // namespace

std::optional<util::Error> pack_artifact(const std::string& source, const std::string& dest,
                                         const engine::ArchiveSpec& archive) {
  std::error_code ec;
  if (!fs::exists(source, ec)) {
    return io_error("save", source,
                    ec ? ec : std::make_error_code(std::errc::no_such_file_or_directory));
  }
  if (archive.kind == engine::ArchiveSpec::Kind::none) {
    return copy_tree(source, dest);
  }
  return write_archive(source, dest, archive);
}

std::optional<util::Error> unpack_artifact(const std::string& source, const std::string& dest,
                                           const engine::PlaceSpec& place) {
  std::error_code ec;
  const fs::file_status status = fs::status(source, ec);
  if (ec || !fs::exists(status)) {
    return io_error("load", source,
                    ec ? ec : std::make_error_code(std::errc::no_such_file_or_directory));
  }
  if (const fs::path parent = fs::path(dest).parent_path(); !parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) {
      return io_error("create", parent.string(), ec);
    }
  }
  std::optional<util::Error> error;
  if (fs::is_directory(status)) {
    error = copy_tree(source, dest);
  } else if (place.unzip) {
    error = extract_to(source, ArchiveFormat::zip, dest);
  } else if (place.extract && is_tarball(source)) {
    error = extract_to(source, ArchiveFormat::tar, dest);
  } else {
    error = copy_tree(source, dest);
  }
  if (error) {
    return error;
  }
  return apply_mode(dest, place);
}

std::optional<util::Error> apply_mode(const std::string& path, const engine::PlaceSpec& place) {
  if (!place.mode) {
    return std::nullopt;
  }
  const auto mode = static_cast<fs::perms>(*place.mode & 07777);
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (fs::is_symlink(status)) {
    return std::nullopt;  // chmod would change the target, which may be outside the pod's files
  }
  std::vector<fs::path> paths{path};
  if (place.recurse_mode && fs::is_directory(status)) {
    // Listed before any chmod: a mode without x or r on directories would stop the walk.
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_symlink()) {
        paths.push_back(it->path());
      }
    }
    if (ec) {
      return io_error("list", path, ec);
    }
  }
  // Deepest first, so a directory's new mode never hides its contents from the chmod.
  for (auto it = paths.rbegin(); it != paths.rend(); ++it) {
    fs::permissions(*it, mode, ec);
    if (ec) {
      return io_error(fmt::format("chmod {:o}", *place.mode), it->string(), ec);
    }
  }
  return std::nullopt;
}

}  // namespace store
