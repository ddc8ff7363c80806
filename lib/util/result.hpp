/// Error values and Result<T>: failures in normal use are returned, not thrown.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "util/source.hpp"

namespace util {

/// What kind of failure; callers branch on this, never on message text.
enum class ErrorCode {
  invalid_input,  ///< the user's input is wrong (exit code 2)
  io,             ///< a file could not be read or written
  not_supported,  ///< valid Argo, but not possible locally
  internal,       ///< a bug in flowrun
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  SourceLoc loc;
};

/// Either a T or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_data(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : m_data(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(m_data); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(m_data); }
  const T& value() const& { return std::get<T>(m_data); }
  T&& value() && { return std::get<T>(std::move(m_data)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<Error>(m_data); }

 private:
  std::variant<T, Error> m_data;
};

inline Error make_error(ErrorCode code, std::string message, SourceLoc loc = {}) {
  return Error{code, std::move(message), loc};
}

}  // namespace util
