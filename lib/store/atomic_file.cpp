#include "store/atomic_file.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

namespace store {
namespace {

util::Error io_error(std::string_view what, const std::string& path, int error) {
  return util::make_error(util::ErrorCode::io,
                          fmt::format("cannot {} {}: {}", what, path, std::strerror(error)));
}

/// Closes the descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

std::optional<util::Error> write_all(int fd, std::string_view content, const std::string& path) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return io_error("write", path, errno);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return std::nullopt;
}

std::string parent_dir(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

std::optional<util::Error> write_file_atomically(const std::string& path,
                                                 std::string_view content) {
  const std::string temp = path + ".tmp";
  {
    Fd file{::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (file.fd < 0) {
      return io_error("create", temp, errno);
    }
    std::optional<util::Error> error = write_all(file.fd, content, temp);
    if (!error && ::fsync(file.fd) != 0) {
      error = io_error("fsync", temp, errno);
    }
    if (error) {
      ::unlink(temp.c_str());
      return error;
    }
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    return io_error("rename over", path, saved);
  }
  // The rename itself is durable only once the directory is synced.
  const std::string dir = parent_dir(path);
  Fd directory{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (directory.fd >= 0) {
    (void)::fsync(directory.fd);
  }
  return std::nullopt;
}

}  // namespace store
