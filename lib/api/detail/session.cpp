#include "api/detail/session.hpp"

namespace cloudsync::api::detail {

unsigned status_for_read_error(const boost::system::error_code& ec, bool header_done) noexcept {
    namespace http = boost::beast::http;
    if (ec == http::error::header_limit)
        return 431;
    if (ec == http::error::body_limit)
        return 413;
    if (ec == http::error::buffer_overflow)
        return header_done ? 413 : 431;
    if (ec == http::error::end_of_stream || ec == http::error::partial_message)
        return 0;
    if (ec.category() == http::make_error_code(http::error::bad_target).category())
        return 400;
    return 0; // transport errors, timeouts: nobody to answer
}

} // namespace cloudsync::api::detail
