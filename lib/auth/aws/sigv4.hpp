// AWS Signature Version 4 (header form, AWS4-HMAC-SHA256) for an http::request:
// canonical request, string to sign, signing key, signature and the headers a
// signed request carries (Host, X-Amz-Date, X-Amz-Security-Token, for S3
// x-amz-content-sha256, Authorization). Pure functions with the time passed in,
// so tests are exact; verified on all cases of the official test suite.
// What is not here: where credentials come from (credentials.hpp) and sending
// (sigv4_authorizer.hpp). Presigned URLs, chunked and unsigned payloads are not
// supported (nothing cloudsync calls needs them).
//
// Canonical URI: the path actually sent (an endpoint template may put a prefix
// in it, e.g. http://127.0.0.1:9000/aws/ec2/us-east-1). For every service but
// S3 the path is normalized (dot segments removed, empty segments dropped) and
// URI-encoded as it appears in the URL, so an already percent-encoded path is
// encoded twice, as the specification says; for S3 it is neither normalized nor
// double-encoded (each segment decoded once and re-encoded canonically).
// Canonical query: each name and value percent-decoded and re-encoded (RFC 3986
// unreserved characters kept), sorted by name then value. A '+' in the URL's
// query is a literal plus (it is not form decoding): encode values with
// %XX as AWS does (auth::form_url_encode).
#pragma once

#include "auth/aws/credentials.hpp"
#include "core/clock.hpp"
#include "core/secret.hpp"
#include "http/client.hpp"

#include <array>
#include <string>
#include <string_view>

namespace cloudsync::auth::aws {

struct sigv4_scope {
    std::string service; // signing name: "ec2", "sts", "monitoring", "ecs", "s3"
    std::string region;  // "us-east-1"
    // The suite's post-sts-header-after case: some services take the session
    // token added after signing. Every service cloudsync calls accepts it signed.
    bool sign_security_token = true;
};

// What signing produced. canonical_request and string_to_sign are exposed for
// tests and for a server that verifies signatures (cloudsim); the canonical
// request contains the session token when signed: never log it.
struct sigv4_signed {
    http::request request; // the input with the signing headers set
    std::string canonical_request;
    std::string string_to_sign;
    std::string authorization; // the Authorization header's value
};

// Signs req for scope at time `now`. Sets Host (host[:port], the port only when
// not the scheme's default, as http::client sends it), X-Amz-Date, for S3
// x-amz-content-sha256, X-Amz-Security-Token when credentials carry a session
// token, and Authorization, replacing any of these already present (by name,
// ignoring case). Every other header of req is signed except User-Agent, Expect,
// X-Amzn-Trace-Id, Content-Length and Transfer-Encoding (the transport sets or
// may change those). Throws auth_error when the URL is not absolute http(s) or
// the credentials or scope are incomplete.
sigv4_signed sign(http::request req, const aws_credentials& credentials, const sigv4_scope& scope,
                  clock::system_time now);

// The pieces, for tests and verifiers. `request` must already carry every header
// to be signed (Host, X-Amz-Date ...).
std::string canonical_request(const http::request& request, bool s3);
std::string signed_headers(const http::request& request); // "host;x-amz-date"
std::string string_to_sign(std::string_view amz_date, std::string_view credential_scope,
                           std::string_view canonical_request);
std::array<unsigned char, 32> signing_key(const secret& secret_access_key, std::string_view date,
                                          std::string_view region, std::string_view service);

// "20150830T123600Z" (UTC) and "20150830/us-east-1/service/aws4_request".
std::string amz_date(clock::system_time time);
std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service);

// Lower-case hex SHA-256 of data (the payload hash).
std::string sha256_hex(std::string_view data);

} // namespace cloudsync::auth::aws
