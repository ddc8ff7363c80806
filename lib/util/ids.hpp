/// Random identifiers a run needs: the generateName suffix and the workflow UID.
#pragma once

#include <cstddef>
#include <string>

namespace util {

/// `length` characters from Kubernetes' name-suffix alphabet `bcdfghjklmnpqrstvwxz2456789`
/// (what `generateName` appends; no vowels, so no words).
std::string random_name_suffix(std::size_t length = 5);

/// A random RFC 4122 version-4 UUID in lowercase hex: `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
std::string random_uuid();

}  // namespace util
