#include "cloudsim/reply.hpp"

#include "cloudsim/detail/json_out.hpp"

namespace cloudsync::cloudsim {

reply json_reply(unsigned status, std::string body) {
    reply r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

reply arm_error(unsigned status, std::string_view code, std::string_view message) {
    std::string body = "{\"error\":{";
    detail::append_member(body, "code", code);
    detail::append_member(body, "message", message, false);
    body += "}}";
    return json_reply(status, std::move(body));
}

} // namespace cloudsync::cloudsim
