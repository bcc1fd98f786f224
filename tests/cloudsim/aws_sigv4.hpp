// cloudsim's own check of AWS Signature Version 4 (header-based auth), written
// from the receiving server's side: the canonical request is rebuilt from the
// request as it arrived (method, path as received, sorted query, the headers
// the Authorization header names, the payload hash), never from what a client
// meant to send. It is deliberately independent of the library's signer
// (lib/auth/aws) so that a bug shared by both cannot hide.
//
// Not here: which access keys exist and what they may do (aws_estate.hpp,
// aws_auth.hpp), the services' error shapes (aws_reply.hpp), presigned URLs
// (query-string auth; no client of the sim uses them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudsync::cloudsim {

// A request as received. Headers keep their order and spelling; a header sent
// twice appears twice (SigV4 joins the values with ',').
struct sigv4_request {
    std::string method;
    std::string target; // path and query exactly as on the request line
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

// The parts of "Authorization: AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/
// SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex".
struct sigv4_authorization {
    std::string access_key_id;
    std::string date; // yyyymmdd of the credential scope
    std::string region;
    std::string service;
    std::vector<std::string> signed_headers; // lower case, as listed
    std::string signature;                   // 64 lower-case hex digits
    std::string scope() const;               // "DATE/REGION/SERVICE/aws4_request"
};

// Why a request is refused; each service renders it in its own error shape
// (aws_reply.hpp). Messages never contain a secret, a token or a signature.
enum class sigv4_failure {
    missing,          // no Authorization header
    malformed,        // not AWS4-HMAC-SHA256 or a part missing
    missing_date,     // no X-Amz-Date (or it is not signed)
    bad_scope_region, // the credential scope names another region than the URL
    bad_scope_service,
    bad_scope_date,          // the scope's date is not X-Amz-Date's
    skewed,                  // X-Amz-Date more than 15 minutes from now
    unknown_key,             // no such access key
    bad_token,               // temporary key without its session token, or another one
    expired_token,           // the session behind a temporary key has expired
    missing_content_sha256,  // S3: x-amz-content-sha256 absent
    content_sha256_mismatch, // S3: it is not the body's hash
    mismatch,                // the signature is not the one the secret yields
};

struct sigv4_error {
    sigv4_failure failure = sigv4_failure::malformed;
    std::string message; // for the client; safe to log
};

// Per-request options of the check.
struct sigv4_context {
    std::string region;   // from the URL
    std::string service;  // signing name: sts, ec2, s3, monitoring, ecs
    std::int64_t now = 0; // seconds since the epoch
    // S3 signs the path as received (no normalisation, no second encoding) and
    // requires x-amz-content-sha256.
    bool s3 = false;
};

// Parses the Authorization header value; nullopt when it is not SigV4.
std::optional<sigv4_authorization> parse_sigv4_authorization(std::string_view value);

// The canonical request the server rebuilds: method, canonical URI (S3: the
// path as received; others: dot segments and empty segments removed, then each
// byte outside the unreserved set percent-encoded, so a path that arrived
// percent-encoded is encoded a second time, as SigV4 prescribes), canonical
// query (decoded, re-encoded, sorted), the signed headers (values trimmed,
// inner runs of spaces collapsed, repeats joined by ','), the signed header
// list and payload_hash.
std::string sigv4_canonical_request(const sigv4_request& request,
                                    const std::vector<std::string>& signed_headers,
                                    std::string_view payload_hash, bool s3);
std::string sigv4_string_to_sign(std::string_view amz_date, std::string_view scope,
                                 std::string_view canonical_request);
// hex(HMAC(kSigning, string_to_sign)), kSigning derived from the secret.
std::string sigv4_signature(std::string_view secret, std::string_view date, std::string_view region,
                            std::string_view service, std::string_view string_to_sign);
std::string sha256_hex(std::string_view data);
// "20150830T123600Z" -> seconds since the epoch; nullopt when malformed.
std::optional<std::int64_t> parse_amz_date(std::string_view text);
std::string format_amz_date(std::int64_t seconds);

// The value of a header (case-insensitive name), repeats joined by ','; nullopt when absent.
std::optional<std::string> sigv4_header(const sigv4_request& request, std::string_view name);

// Checks everything but the key's identity: the header's form, the scope
// against the context, the date window, S3's payload hash, and the signature
// with `secret`. The caller looks the key up between parse and verify (and
// checks the session token). nullopt: the request is authentic.
std::optional<sigv4_error> verify_sigv4(const sigv4_request& request,
                                        const sigv4_authorization& auth, std::string_view secret,
                                        const sigv4_context& context);

// The checks that need no key (form, scope, date, S3 payload hash), so that a
// scope or date error is reported before an unknown key, as AWS does.
std::optional<sigv4_error> check_sigv4_envelope(const sigv4_request& request,
                                                const sigv4_authorization& auth,
                                                const sigv4_context& context);

} // namespace cloudsync::cloudsim
