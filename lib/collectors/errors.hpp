// The exceptions every collector throws when the inventory it would deliver is
// incomplete (see collector.hpp): a page it cannot read, a cloud API that said no,
// options it cannot work with. Messages name the URL path (never the query, which
// may carry tokens) and never contain a secret.
#pragma once

#include "core/error.hpp"

#include <string>

namespace cloudsync::collectors {

// A page that is not what the API promises: not JSON, no item array, an item
// without its id, a nextLink to another host.
class page_error : public cloudsync::error {
public:
    using cloudsync::error::error;
};

// The cloud API answered with a non-2xx status (after the http client's retries).
class api_error : public cloudsync::error {
public:
    api_error(unsigned status, std::string code, std::string message, const std::string& what)
        : cloudsync::error(what), status_(status), code_(std::move(code)),
          message_(std::move(message)) {}

    unsigned status() const noexcept { return status_; }
    const std::string& code() const noexcept { return code_; }       // e.g. AuthorizationFailed
    const std::string& message() const noexcept { return message_; } // the API's own text

private:
    unsigned status_;
    std::string code_;
    std::string message_;
};

// Collector options that cannot work (an empty endpoint, a malformed subscription id).
class options_error : public cloudsync::error {
public:
    using cloudsync::error::error;
};

} // namespace cloudsync::collectors
