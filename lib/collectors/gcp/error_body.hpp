// Google's error bodies ({"error": {"code", "message", "status", "errors":
// [{"reason"}], "details": [{"@type": ".../google.rpc.ErrorInfo", "reason",
// "metadata"}]}}, both the AIP-193 form and Compute's and Storage's legacy
// `errors` form) read into what a GCP collector branches on, and the api_error
// the GCP API client throws. The decisions (a disabled API is not a failure,
// a throttle is retried, ...) are the caller's; only the reading is here.
#pragma once

#include "collectors/errors.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::gcp {

enum class error_kind {
    api_disabled,      // SERVICE_DISABLED / accessNotConfigured: the project has none of it
    rate_limited,      // HTTP 429, RESOURCE_EXHAUSTED, rateLimitExceeded (a 403 in Compute)
    unauthenticated,   // HTTP 401, UNAUTHENTICATED: the token was refused
    permission_denied, // HTTP 403, PERMISSION_DENIED, forbidden: no read access
    not_found,         // HTTP 404, NOT_FOUND, notFound
    other,
};
std::string_view to_string(error_kind kind) noexcept;

struct google_error {
    error_kind kind = error_kind::other;
    // The word that decided kind (e.g. SERVICE_DISABLED, rateLimitExceeded,
    // PERMISSION_DENIED), else the first reason, else status; "" when the body
    // said none. classify(http status, {code}) gives kind again.
    std::string code;
    // Only enum words are kept (letters, digits, '_'; a field of other text is
    // dropped), so nothing from a hostile body reaches a message through them.
    std::string status;               // error.status, "" when absent (legacy bodies)
    std::vector<std::string> reasons; // ErrorInfo reasons, then errors[].reason
    std::string service;              // ErrorInfo metadata "service", e.g. compute.googleapis.com
    std::string consumer; // ErrorInfo metadata "consumer", e.g. projects/123 (both redacted)
    // Google's message (or the start of a body that is not Google's error),
    // on one line, clipped, with anything shaped like a token redacted.
    std::string message;
    // A short sentence for logs and /status: what happened, then message.
    std::string summary;
};

// Reads any body; never throws. A body that is not Google's error envelope
// (a proxy's HTML page, truncated JSON) is classified by http_status alone.
google_error parse_google_error(unsigned http_status, std::string_view body);

// The kind of an error from its HTTP status and words (status, reasons): api
// disabled before rate limited before unauthenticated, permission denied,
// not found (Compute answers a rate limit and a disabled API with 403).
error_kind classify(unsigned http_status, const std::vector<std::string>& words);

// The api_error for a non-2xx answer (common::api_client's error parser):
// code() = google_error::code, message() = google_error::message, what() =
// "GET <URL path>: HTTP <status> <code>: <summary>". Never the query (it may
// carry a page token) and never a token.
api_error gcp_error(unsigned http_status, std::string_view body, std::string_view url);

// The kind of an api_error made by gcp_error.
error_kind kind_of(const api_error& error);

} // namespace cloudsync::collectors::gcp
