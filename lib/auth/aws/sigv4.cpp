#include "auth/aws/sigv4.hpp"

#include "auth/aws/detail/uri.hpp"
#include "auth/error.hpp"
#include "core/text.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <vector>

namespace cloudsync::auth::aws {

namespace {

constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

using digest = std::array<unsigned char, 32>;

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 0x0F]);
    }
    return out;
}

digest hmac(const void* key, std::size_t key_size, std::string_view data) {
    digest out{};
    unsigned int size = 0;
    if (HMAC(EVP_sha256(), key, static_cast<int>(key_size),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(),
             &size) == nullptr ||
        size != out.size())
        throw auth_error("sigv4: HMAC-SHA256 failed");
    return out;
}

digest hmac(const digest& key, std::string_view data) {
    return hmac(key.data(), key.size(), data);
}

// Headers the transport sets or may rewrite after signing: signing them would
// make the signature fail for no fault of the request.
bool unsigned_header(std::string_view lower) {
    return lower == "authorization" || lower == "user-agent" || lower == "expect" ||
           lower == "x-amzn-trace-id" || lower == "content-length" || lower == "transfer-encoding";
}

// Trimmed, runs of spaces collapsed to one (the suite's get-header-value-trim).
std::string trimall(std::string_view value) {
    std::string out;
    bool space = false;
    for (const char c : value) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space)
            out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

// Lower-case name -> values in request order (duplicates joined with ',').
std::map<std::string, std::vector<std::string>> signed_header_map(const http::request& request) {
    std::map<std::string, std::vector<std::string>> headers;
    for (const auto& [name, value] : request.headers) {
        auto lower = to_lower(name);
        if (!unsigned_header(lower))
            headers[std::move(lower)].push_back(trimall(value));
    }
    return headers;
}

void set_header(http::request& req, std::string_view name, std::string value) {
    std::erase_if(req.headers, [&](const auto& header) { return iequals(header.first, name); });
    req.headers.emplace_back(std::string(name), std::move(value));
}

void check(const aws_credentials& credentials, const sigv4_scope& scope) {
    if (credentials.access_key_id.empty() || credentials.secret_access_key.empty())
        throw auth_error("sigv4: the credentials lack an access key id or secret access key");
    if (scope.service.empty() || scope.region.empty())
        throw auth_error("sigv4: the signing scope lacks a service or region");
}

} // namespace

std::string sha256_hex(std::string_view data) {
    digest out{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &size, EVP_sha256(), nullptr) != 1)
        throw auth_error("sigv4: SHA-256 failed");
    return hex(out.data(), size);
}

std::string amz_date(clock::system_time time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const auto size = std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return std::string(text, size);
}

std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service) {
    return std::string(date) + "/" + std::string(region) + "/" + std::string(service) +
           "/aws4_request";
}

std::string signed_headers(const http::request& request) {
    std::string out;
    for (const auto& [name, values] : signed_header_map(request)) {
        if (!out.empty())
            out.push_back(';');
        out += name;
    }
    return out;
}

std::string canonical_request(const http::request& request, bool s3) {
    const auto url = detail::split_url(request.url);
    std::string out(boost::beast::http::to_string(request.method));
    out.append("\n").append(detail::canonical_uri(url.path, s3));
    out.append("\n").append(detail::canonical_query(url.query)).append("\n");
    for (const auto& [name, values] : signed_header_map(request)) {
        out.append(name).append(":");
        for (std::size_t i = 0; i < values.size(); ++i)
            out.append(i == 0 ? "" : ",").append(values[i]);
        out.append("\n");
    }
    out.append("\n").append(signed_headers(request));
    return out.append("\n").append(sha256_hex(request.body));
}

std::string string_to_sign(std::string_view amz_date, std::string_view credential_scope,
                           std::string_view canonical_request) {
    return std::string(algorithm) + "\n" + std::string(amz_date) + "\n" +
           std::string(credential_scope) + "\n" + sha256_hex(canonical_request);
}

std::array<unsigned char, 32> signing_key(const secret& secret_access_key, std::string_view date,
                                          std::string_view region, std::string_view service) {
    const std::string first = "AWS4" + secret_access_key.reveal();
    const digest date_key = hmac(first.data(), first.size(), date);
    return hmac(hmac(hmac(date_key, region), service), "aws4_request");
}

sigv4_signed sign(http::request req, const aws_credentials& credentials, const sigv4_scope& scope,
                  clock::system_time now) {
    check(credentials, scope);
    const bool s3 = scope.service == "s3";
    const std::string timestamp = amz_date(now);
    const std::string date = timestamp.substr(0, 8);
    std::erase_if(req.headers, [](const auto& header) {
        return iequals(header.first, "authorization") ||
               iequals(header.first, "x-amz-security-token");
    });
    set_header(req, "Host", detail::host_header(detail::split_url(req.url)));
    set_header(req, "X-Amz-Date", timestamp);
    if (s3) // S3 requires it on every request and signs it
        set_header(req, "x-amz-content-sha256", sha256_hex(req.body));
    const bool token = !credentials.session_token.empty();
    if (token && scope.sign_security_token)
        set_header(req, "X-Amz-Security-Token", credentials.session_token.reveal());

    sigv4_signed out;
    out.canonical_request = canonical_request(req, s3);
    const std::string cred_scope = credential_scope(date, scope.region, scope.service);
    out.string_to_sign = string_to_sign(timestamp, cred_scope, out.canonical_request);
    const digest key =
        signing_key(credentials.secret_access_key, date, scope.region, scope.service);
    const digest signature = hmac(key, out.string_to_sign);
    out.authorization = std::string(algorithm) + " Credential=" + credentials.access_key_id + "/" +
                        cred_scope + ", SignedHeaders=" + signed_headers(req) +
                        ", Signature=" + hex(signature.data(), signature.size());
    req.headers.emplace_back("Authorization", out.authorization);
    if (token && !scope.sign_security_token)
        req.headers.emplace_back("X-Amz-Security-Token", credentials.session_token.reveal());
    out.request = std::move(req);
    return out;
}

} // namespace cloudsync::auth::aws
