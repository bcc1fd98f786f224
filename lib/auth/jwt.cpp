#include "auth/jwt.hpp"

#include "auth/base64url.hpp"
#include "auth/error.hpp"

#include <boost/json/serialize.hpp>

#include <openssl/rand.h>

#include <array>

namespace cloudsync::auth {

boost::json::object rs256_header(const boost::json::object& extra) {
    if (extra.contains("alg") || extra.contains("typ"))
        throw auth_error("jwt: the header's alg and typ are fixed (RS256, JWT)");
    boost::json::object header;
    header["alg"] = "RS256";
    header["typ"] = "JWT";
    for (const auto& member : extra)
        header[member.key()] = member.value();
    return header;
}

std::string sign_jwt(const rsa_private_key& key, const boost::json::object& header,
                     const boost::json::object& claims) {
    std::string input = base64url_encode(boost::json::serialize(header)) + "." +
                        base64url_encode(boost::json::serialize(claims));
    const std::string signature = key.sign_rs256(input);
    return input + "." + base64url_encode(signature);
}

std::int64_t jwt_time(std::chrono::system_clock::time_point t) noexcept {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string random_jwt_id() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw auth_error("jwt: random number generator failed");
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40); // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
    std::string out;
    out.reserve(36);
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out.push_back('-');
        out.push_back(hex[bytes[i] >> 4]);
        out.push_back(hex[bytes[i] & 0x0F]);
    }
    return out;
}

} // namespace cloudsync::auth
