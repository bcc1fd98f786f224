// base64url (RFC 4648 §5) without padding, the encoding of every JWT segment
// (RFC 7515 §2) and of JOSE thumbprints. Pure functions over bytes; shared by
// the credentials that sign assertions (Azure certificate, GCP service account).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::auth {

// Encodes bytes with the URL-safe alphabet (A-Z a-z 0-9 - _), no '=' padding.
std::string base64url_encode(std::string_view bytes);

// Decodes unpadded (or padded) base64url; nullopt on any other character or an
// impossible length (tests and verifiers; never used on secrets in messages).
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace cloudsync::auth
