#include "exec/tool_runner.hpp"

#include <fstream>

#include <fmt/format.h>

namespace exec {

util::Result<ToolOutput> run_checked(const ToolRunner& run, const std::vector<std::string>& argv) {
  auto output = run(argv);
  if (!output) {
    return output.error();
  }
  if (output->exit_code != 0) {
    return util::make_error(
        util::ErrorCode::io,
        output->err.empty()
            ? fmt::format("`{}` exited with {}", fmt::join(argv, " "), output->exit_code)
            : output->err);
  }
  return output;
}

util::Result<std::string> write_manifest_file(const std::string& dir, int index,
                                              const std::string& text) {
  const std::string path = fmt::format("{}/manifest-{}.json", dir, index);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    return util::make_error(util::ErrorCode::io, fmt::format("cannot write {}", path));
  }
  return path;
}

}  // namespace exec
