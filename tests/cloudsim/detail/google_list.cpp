#include "cloudsim/detail/google_list.hpp"

#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/gcp_compute.hpp"

#include <algorithm>
#include <charconv>

namespace cloudsync::cloudsim::detail {

std::optional<std::string> query_param(boost::urls::url_view url, std::string_view key) {
    const auto params = url.params();
    const auto it = params.find(key);
    if (it == params.end())
        return std::nullopt;
    return (*it).value;
}

namespace {

reply bad_request(std::string_view message) {
    return google_error(400, "INVALID_ARGUMENT", "invalid", message);
}

} // namespace

std::optional<reply> read_window(std::size_t page_size, boost::urls::url_view url,
                                 std::string_view size_key, std::size_t limit, window& w) {
    w.size = limit;
    if (const auto max = query_param(url, size_key)) {
        std::size_t value = 0;
        const auto* end = max->data() + max->size();
        const auto r = std::from_chars(max->data(), end, value);
        if (max->empty() || r.ec != std::errc{} || r.ptr != end ||
            (size_key == "maxResults" && value > limit)) {
            return bad_request("Invalid value for field '" + std::string(size_key) + "': '" + *max +
                               "'. Must be less than or equal to " + std::to_string(limit));
        }
        if (value != 0)
            w.size = value;
    }
    w.size = std::min(w.size, std::max<std::size_t>(page_size, 1));
    if (const auto token = query_param(url, "pageToken"); token && !token->empty()) {
        const std::string_view t = *token;
        const auto* end = t.data() + t.size();
        if (t.substr(0, token_prefix.size()) != token_prefix ||
            std::from_chars(t.data() + token_prefix.size(), end, w.start).ptr != end ||
            t.size() == token_prefix.size()) {
            return bad_request("Invalid value for field 'pageToken': '" + std::string(t) +
                               "'. Invalid pagination token.");
        }
    }
    return std::nullopt;
}

void append_next(std::string& out, const window& w, std::size_t total) {
    if (w.start + w.size < total)
        append_member(out, "nextPageToken",
                      std::string(token_prefix) + std::to_string(w.start + w.size));
}

reply service_disabled(std::string_view project_number, std::string_view title,
                       std::string_view service) {
    const std::string number(project_number);
    const std::string message =
        std::string(title) + " has not been used in project " + number +
        " before or it is disabled. Enable it by visiting "
        "https://console.developers.google.com/apis/api/" +
        std::string(service) + "/overview?project=" + number +
        " then retry. If you enabled this API recently, wait a few minutes for the action to "
        "propagate to our "
        "systems and retry.";
    std::string body = "{\"error\":{\"code\":403,";
    append_member(body, "message", message);
    body += "\"errors\":[{";
    append_member(body, "message", message);
    body += "\"domain\":\"usageLimits\",\"reason\":\"accessNotConfigured\",\"extendedHelp\":"
            "\"https://console.developers.google.com\"}],";
    body += "\"status\":\"PERMISSION_DENIED\",\"details\":[{\"@type\":\"type.googleapis.com/"
            "google.rpc.ErrorInfo\","
            "\"reason\":\"SERVICE_DISABLED\",\"domain\":\"googleapis.com\",\"metadata\":{";
    append_member(body, "service", service);
    append_member(body, "consumer", "projects/" + number, false);
    body += "}}]}}";
    return json_reply(403, std::move(body));
}

} // namespace cloudsync::cloudsim::detail
