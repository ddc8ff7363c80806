#include "util/file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>

#include <fmt/format.h>

#include <sys/stat.h>

namespace util {

Result<std::string> read_text_file(const std::string& path, size_t max_bytes) {
  if (path == "-") {
    std::string text;
    char buffer[65536];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
      text.append(buffer, static_cast<size_t>(std::cin.gcount()));
      if (text.size() > max_bytes) {
        return make_error(ErrorCode::invalid_input,
                          fmt::format("standard input is more than {} bytes", max_bytes));
      }
    }
    return text;
  }
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return make_error(ErrorCode::io, fmt::format("{}: no such file", path));
  }
  if (std::filesystem::is_directory(status)) {
    return make_error(ErrorCode::io, fmt::format("{}: is a directory", path));
  }
  if (std::filesystem::is_regular_file(status)) {
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) {
      return make_error(ErrorCode::invalid_input,
                        fmt::format("{}: file is {} bytes, more than the {} byte limit for a "
                                    "manifest (Kubernetes itself rejects objects over about "
                                    "1.5 MiB)",
                                    path, size, max_bytes));
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::io, fmt::format("{}: {}", path, std::strerror(errno)));
  }
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      return make_error(
          ErrorCode::invalid_input,
          fmt::format("{}: more than the {} byte limit for a manifest", path, max_bytes));
    }
  }
  return text;
}

Result<std::string> make_numbered_dir(const std::string& parent, std::string_view name) {
  if (parent.empty()) {
    return make_error(ErrorCode::invalid_input,
                      fmt::format("no parent directory for the directory '{}'", name));
  }
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos) {
    return make_error(
        ErrorCode::invalid_input,
        fmt::format("'{}' is not a directory name (for a directory in {})", name, parent));
  }
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    return make_error(ErrorCode::io, fmt::format("cannot create {}: {}", parent, ec.message()));
  }
  // mkdir either creates the directory or fails with EEXIST: no check-then-create race.
  for (unsigned n = 1;; ++n) {
    std::string path = fmt::format("{}/{}-{}", parent, name, n);
    if (::mkdir(path.c_str(), 0755) == 0) {
      return path;
    }
    if (errno != EEXIST) {
      return make_error(ErrorCode::io,
                        fmt::format("cannot create {}: {}", path, std::strerror(errno)));
    }
  }
}

Result<std::string> make_temp_dir(std::string_view prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = fmt::format("{}/{}-XXXXXX", tmp != nullptr && *tmp ? tmp : "/tmp", prefix);
  if (::mkdtemp(templ.data()) == nullptr) {
    return make_error(ErrorCode::io, fmt::format("cannot create a directory like {}: {}", templ,
                                                 std::strerror(errno)));
  }
  return templ;
}

std::error_code copy_path(const std::string& source, const std::string& dest) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path resolved = fs::canonical(source, error);
  if (!error) {
    fs::copy(resolved, dest, fs::copy_options::recursive | fs::copy_options::copy_symlinks, error);
  }
  return error;
}

}  // namespace util
