// What a handler answers: status, headers, body, plus the transport tricks a
// fault may ask for (delay before sending, cut the body halfway). The session
// in server.cpp turns it into bytes on the wire.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudsync::cloudsim {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;

struct reply {
    unsigned status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds delay{0}; // wait this long before answering
    bool cut_body = false;              // announce the full length, send half, close
};

reply json_reply(unsigned status, std::string body);

// {"error":{"code":..,"message":..}} — the ARM error envelope (common-types ErrorResponse).
reply arm_error(unsigned status, std::string_view code, std::string_view message);

} // namespace cloudsync::cloudsim
