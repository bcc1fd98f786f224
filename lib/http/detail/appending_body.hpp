// A response body read into a std::string by appending. Beast's string_body
// grows its string with resize() before copying each chunk in, so every byte
// of a body was first zero-filled and then overwritten: on a large sync that
// memset was 6% of the daemon's CPU. Appending writes each byte once.
#pragma once

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional/optional.hpp>

#include <cstdint>
#include <string>

namespace cloudsync::http::detail {

struct appending_body {
    using value_type = std::string;

    static std::uint64_t size(const value_type& body) noexcept { return body.size(); }

    class reader {
    public:
        template <bool isRequest, class Fields>
        reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

        // The parser has already held a declared length against its body limit.
        void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) {
            if (length) {
                if (*length > body_.max_size()) {
                    ec = boost::beast::http::error::buffer_overflow;
                    return;
                }
                body_.reserve(static_cast<std::size_t>(*length));
            }
            ec = {};
        }

        template <class ConstBufferSequence>
        std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
            std::size_t added = 0;
            for (const auto buffer : boost::beast::buffers_range_ref(buffers)) {
                body_.append(static_cast<const char*>(buffer.data()), buffer.size());
                added += buffer.size();
            }
            ec = {};
            return added;
        }

        void finish(boost::beast::error_code& ec) { ec = {}; }

    private:
        value_type& body_;
    };
};

} // namespace cloudsync::http::detail
