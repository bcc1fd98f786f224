#include "cloudsim/aws_sigv4.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace cloudsync::cloudsim {

namespace {

constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";
constexpr std::int64_t allowed_skew = 15 * 60;

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0xf];
    }
    return out;
}

std::string hmac(std::string_view key, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length);
    return std::string(reinterpret_cast<const char*>(out.data()), length);
}

bool unreserved(unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~';
}

std::string uri_encode(std::string_view text, bool keep_slash) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c) || (keep_slash && c == '/')) {
            out += ch;
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 0xf];
        }
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// %XX decoded; '+' stays '+' (SigV4 clients encode a space as %20).
std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// RFC 3986 dot-segment removal plus empty segments dropped, as SigV4 asks of
// every service but S3; a trailing slash survives.
std::string normalized_path(std::string_view path) {
    std::vector<std::string_view> kept;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const auto end = slash == std::string_view::npos ? path.size() : slash;
        const auto segment = path.substr(start, end - start);
        if (segment == "..") {
            if (!kept.empty())
                kept.pop_back();
        } else if (!segment.empty() && segment != ".") {
            kept.push_back(segment);
        }
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    std::string out = "/";
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (i > 0)
            out += '/';
        out += kept[i];
    }
    if (!kept.empty() && path.size() > 1 && path.back() == '/')
        out += '/';
    return out;
}

std::string canonical_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t start = 0;
    while (start < query.size()) {
        auto amp = query.find('&', start);
        if (amp == std::string_view::npos)
            amp = query.size();
        const auto piece = query.substr(start, amp - start);
        start = amp + 1;
        if (piece.empty())
            continue;
        const auto eq = piece.find('=');
        const auto key = piece.substr(0, eq);
        const auto value = eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
        pairs.emplace_back(uri_encode(percent_decode(key), false),
                           uri_encode(percent_decode(value), false));
    }
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (const auto& [k, v] : pairs) {
        if (!out.empty())
            out += '&';
        out += k;
        out += '=';
        out += v;
    }
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Trimmed, inner runs of whitespace collapsed to one space.
std::string canonical_value(std::string_view value) {
    std::string out;
    bool space = false;
    for (const char c : value) {
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty())
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string_view split_next(std::string_view& rest, char separator) {
    const auto at = rest.find(separator);
    const auto part = rest.substr(0, at);
    rest = at == std::string_view::npos ? std::string_view{} : rest.substr(at + 1);
    return part;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

sigv4_error fail(sigv4_failure failure, std::string message) {
    return {failure, std::move(message)};
}

} // namespace

std::string sigv4_authorization::scope() const {
    return date + "/" + region + "/" + service + "/aws4_request";
}

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned length = 0;
    EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr);
    return hex(out.data(), length);
}

std::optional<std::int64_t> parse_amz_date(std::string_view text) {
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z')
        return std::nullopt;
    for (std::size_t i = 0; i < 15; ++i) {
        if (i != 8 && std::isdigit(static_cast<unsigned char>(text[i])) == 0)
            return std::nullopt;
    }
    std::tm tm{};
    const auto number = [&](std::size_t at, std::size_t n) {
        return std::stoi(std::string(text.substr(at, n)));
    };
    tm.tm_year = number(0, 4) - 1900;
    tm.tm_mon = number(4, 2) - 1;
    tm.tm_mday = number(6, 2);
    tm.tm_hour = number(9, 2);
    tm.tm_min = number(11, 2);
    tm.tm_sec = number(13, 2);
    if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60)
        return std::nullopt;
    return static_cast<std::int64_t>(timegm(&tm));
}

std::string format_amz_date(std::int64_t seconds) {
    const auto t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
    return buffer;
}

std::optional<sigv4_authorization> parse_sigv4_authorization(std::string_view value) {
    value = trim(value);
    if (!value.starts_with(algorithm) || value.size() == algorithm.size() ||
        value[algorithm.size()] != ' ')
        return std::nullopt;
    std::string_view rest = value.substr(algorithm.size() + 1);
    sigv4_authorization auth;
    bool credential = false;
    bool headers = false;
    while (!rest.empty()) {
        const auto part = trim(split_next(rest, ','));
        const auto eq = part.find('=');
        if (eq == std::string_view::npos)
            return std::nullopt;
        const auto name = part.substr(0, eq);
        auto field = part.substr(eq + 1);
        if (name == "Credential") {
            // The key id may not contain '/', so the last four parts are the scope.
            std::vector<std::string_view> parts;
            while (!field.empty())
                parts.push_back(split_next(field, '/'));
            if (parts.size() != 5 || parts[4] != "aws4_request" || parts[0].empty())
                return std::nullopt;
            auth.access_key_id = parts[0];
            auth.date = parts[1];
            auth.region = parts[2];
            auth.service = parts[3];
            credential = true;
        } else if (name == "SignedHeaders") {
            while (!field.empty())
                auth.signed_headers.emplace_back(split_next(field, ';'));
            headers = !auth.signed_headers.empty();
        } else if (name == "Signature") {
            auth.signature = field;
        }
    }
    if (!credential || !headers || auth.signature.size() != 64)
        return std::nullopt;
    return auth;
}

std::optional<std::string> sigv4_header(const sigv4_request& request, std::string_view name) {
    std::optional<std::string> joined;
    for (const auto& [n, v] : request.headers) {
        if (lower(n) != lower(name))
            continue;
        if (joined) {
            *joined += ',';
            *joined += canonical_value(v);
        } else {
            joined = canonical_value(v);
        }
    }
    return joined;
}

std::string sigv4_canonical_request(const sigv4_request& request,
                                    const std::vector<std::string>& signed_headers,
                                    std::string_view payload_hash, bool s3) {
    const std::string_view target = request.target;
    const auto question = target.find('?');
    const auto path = target.substr(0, question);
    const auto query =
        question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    std::string out = request.method + "\n";
    out += s3 ? std::string(path) : uri_encode(normalized_path(path), true);
    out += '\n';
    out += canonical_query(query);
    out += '\n';
    std::string list;
    for (const auto& name : signed_headers) {
        out += name;
        out += ':';
        out += sigv4_header(request, name).value_or("");
        out += '\n';
        if (!list.empty())
            list += ';';
        list += name;
    }
    out += '\n';
    out += list;
    out += '\n';
    out += payload_hash;
    return out;
}

std::string sigv4_string_to_sign(std::string_view amz_date, std::string_view scope,
                                 std::string_view canonical_request) {
    std::string out(algorithm);
    out += '\n';
    out += amz_date;
    out += '\n';
    out += scope;
    out += '\n';
    out += sha256_hex(canonical_request);
    return out;
}

std::string sigv4_signature(std::string_view secret, std::string_view date, std::string_view region,
                            std::string_view service, std::string_view string_to_sign) {
    const std::string k_date = hmac("AWS4" + std::string(secret), date);
    const std::string k_region = hmac(k_date, region);
    const std::string k_service = hmac(k_region, service);
    const std::string k_signing = hmac(k_service, "aws4_request");
    const std::string signature = hmac(k_signing, string_to_sign);
    return hex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
}

std::optional<sigv4_error> check_sigv4_envelope(const sigv4_request& request,
                                                const sigv4_authorization& auth,
                                                const sigv4_context& context) {
    const auto signed_header = [&](std::string_view name) {
        return std::find(auth.signed_headers.begin(), auth.signed_headers.end(), name) !=
               auth.signed_headers.end();
    };
    const auto amz_date = sigv4_header(request, "x-amz-date");
    if (!amz_date || !signed_header("x-amz-date") || !signed_header("host"))
        return fail(sigv4_failure::missing_date,
                    "Authorization header requires host and x-amz-date to be signed, and "
                    "X-Amz-Date to be present.");
    const auto when = parse_amz_date(*amz_date);
    if (!when)
        return fail(sigv4_failure::missing_date,
                    "X-Amz-Date '" + *amz_date + "' is not yyyyMMdd'T'HHmmss'Z'.");
    if (auth.service != context.service)
        return fail(sigv4_failure::bad_scope_service,
                    "Credential should be scoped to correct service: '" + context.service + "'.");
    if (auth.region != context.region)
        return fail(sigv4_failure::bad_scope_region,
                    "Credential should be scoped to a valid region, not '" + auth.region +
                        "'. Expecting '" + context.region + "'.");
    if (auth.date != amz_date->substr(0, 8))
        return fail(sigv4_failure::bad_scope_date,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                    "version of date from HTTP: '" +
                        auth.date + "' != '" + amz_date->substr(0, 8) + "'.");
    if (*when > context.now + allowed_skew || *when < context.now - allowed_skew)
        return fail(sigv4_failure::skewed, "Signature expired: " + *amz_date +
                                               " is now earlier than " +
                                               format_amz_date(context.now - allowed_skew) + " (" +
                                               format_amz_date(context.now) + " - 15 min.)");
    if (context.s3) {
        const auto content = sigv4_header(request, "x-amz-content-sha256");
        if (!content)
            return fail(sigv4_failure::missing_content_sha256,
                        "Missing required header for this request: x-amz-content-sha256");
        if (*content != sha256_hex(request.body))
            return fail(
                sigv4_failure::content_sha256_mismatch,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    return std::nullopt;
}

std::optional<sigv4_error> verify_sigv4(const sigv4_request& request,
                                        const sigv4_authorization& auth, std::string_view secret,
                                        const sigv4_context& context) {
    if (auto envelope = check_sigv4_envelope(request, auth, context))
        return envelope;
    // S3 signs the hash it was told; everything else the body actually received.
    const std::string payload = context.s3
                                    ? sigv4_header(request, "x-amz-content-sha256").value_or("")
                                    : sha256_hex(request.body);
    const std::string canonical =
        sigv4_canonical_request(request, auth.signed_headers, payload, context.s3);
    const std::string to_sign =
        sigv4_string_to_sign(*sigv4_header(request, "x-amz-date"), auth.scope(), canonical);
    const std::string expected =
        sigv4_signature(secret, auth.date, auth.region, auth.service, to_sign);
    if (expected.size() != auth.signature.size() ||
        CRYPTO_memcmp(expected.data(), auth.signature.data(), expected.size()) != 0)
        return fail(
            sigv4_failure::mismatch,
            "The request signature we calculated does not match the signature you provided. Check "
            "your AWS "
            "Secret Access Key and signing method. Consult the service documentation for details.");
    return std::nullopt;
}

} // namespace cloudsync::cloudsim
