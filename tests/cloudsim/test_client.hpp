// A tiny synchronous Beast client for cloudsim's own tests (lib/http is not a
// dependency here). One keep-alive connection per client; every operation has
// a 10 s deadline. Not thread-safe: one client per thread.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::cloudsim::testing {

using response = boost::beast::http::response<boost::beast::http::string_body>;
using header_list = std::vector<std::pair<std::string, std::string>>;

class test_client {
public:
    explicit test_client(unsigned short port);
    ~test_client();

    // target is an origin-form path ("/subscriptions?...") or an absolute URL to this port.
    response get(const std::string& target, const header_list& headers = {});
    response post(const std::string& target, const std::string& body, const std::string& content_type,
                  const header_list& headers = {});
    response request(boost::beast::http::verb method, const std::string& target, const std::string& body,
                     const header_list& headers);

    // Sends a GET on a fresh connection and returns every byte received until the peer closes.
    std::string raw_get(const std::string& target, const header_list& headers = {});

    // Convenience for the Entra endpoint: a token or throws.
    std::string token(const std::string& tenant, const std::string& client_id,
                      const std::string& secret, const std::string& scope);
    std::string form_token_body(const std::string& client_id, const std::string& secret,
                                const std::string& scope, const std::string& grant = "client_credentials");

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Parses a body as JSON (throws on malformed).
boost::json::value parse_json(const std::string& body);
// Percent-encodes a form value.
std::string form_encode(const std::string& text);

} // namespace cloudsync::cloudsim::testing
