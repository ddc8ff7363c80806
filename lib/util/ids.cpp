#include "util/ids.hpp"

#include <array>
#include <random>
#include <string_view>

namespace util {
namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

}  // namespace

std::string random_name_suffix(std::size_t length) {
  static constexpr std::string_view k_alphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::uniform_int_distribution<std::size_t> pick(0, k_alphabet.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < length; ++i) {
    out += k_alphabet[pick(generator())];
  }
  return out;
}

std::string random_uuid() {
  std::array<unsigned char, 16> bytes{};
  std::uniform_int_distribution<int> byte(0, 255);
  for (unsigned char& b : bytes) {
    b = static_cast<unsigned char>(byte(generator()));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr std::string_view k_hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      out += '-';
    }
    out += k_hex[bytes[i] >> 4];
    out += k_hex[bytes[i] & 0x0f];
  }
  return out;
}

}  // namespace util
