// POST /sync and GET /runs/{id}: the routes that parse input from the target.
#include "api/detail/router.hpp"

#include "api/render.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <charconv>
#include <variant>

namespace cloudsync::api::detail {
using boost::asio::awaitable;

namespace {

struct sync_query {
    std::optional<std::string> account;
    std::optional<std::string> collector;
};

// account= and collector=, each at most once and non-empty; nothing else.
// Returns the error message for a malformed query.
std::variant<sync_query, std::string> parse_sync_query(std::string_view target) {
    const auto url = boost::urls::parse_origin_form(target);
    if (!url)
        return std::string("malformed request target");
    sync_query out;
    for (const auto param : url->params()) {
        std::optional<std::string>* slot = nullptr;
        if (param.key == "account")
            slot = &out.account;
        else if (param.key == "collector")
            slot = &out.collector;
        else
            return "unknown query parameter '" + param.key + "'";
        if (*slot)
            return "query parameter '" + param.key + "' given twice";
        if (!param.has_value || param.value.empty())
            return "query parameter '" + param.key + "' is empty";
        *slot = param.value;
    }
    return out;
}

} // namespace

awaitable<response> router::sync(std::string_view target) const {
    auto parsed = parse_sync_query(target);
    if (auto* message = std::get_if<std::string>(&parsed))
        co_return json_error(400, *message, route::sync);
    auto query = std::get<sync_query>(std::move(parsed));

    std::optional<inventory::collector_kind> kind;
    if (query.collector) {
        kind = inventory::parse_collector_kind(*query.collector);
        if (!kind)
            co_return json_error(404, "unknown collector kind '" + *query.collector + "'",
                                 route::sync);
    }
    const auto outcome = co_await backend_->trigger(query.account, kind);
    switch (outcome.result) {
    case trigger_result::started:
        break;
    case trigger_result::unknown_account:
        co_return json_error(404, "unknown account '" + query.account.value_or("") + "'",
                             route::sync);
    case trigger_result::unknown_kind:
        co_return json_error(404, "no job of collector kind '" + query.collector.value_or("") + "'",
                             route::sync);
    case trigger_result::already_running: {
        response res;
        res.status = 409;
        res.body = trigger_body(outcome.jobs, "already running");
        res.label = route::sync;
        co_return res;
    }
    }
    response res;
    res.status = 202;
    res.body = trigger_body(outcome.jobs);
    res.label = route::sync;
    co_return res;
}

awaitable<response> router::run(std::string_view id_text) const {
    inventory::run_id id = 0;
    const auto* end = id_text.data() + id_text.size();
    const bool digits = !id_text.empty() && id_text.size() <= 18 &&
                        id_text.find_first_not_of("0123456789") == std::string_view::npos;
    if (!digits || std::from_chars(id_text.data(), end, id).ec != std::errc())
        co_return json_error(400, "run id must be a positive integer", route::runs);

    const auto found = co_await backend_->find_run(id);
    if (!found)
        co_return json_error(404, "no run " + std::string(id_text), route::runs);
    response res;
    res.body = boost::json::serialize(run_json(*found));
    res.label = route::runs;
    co_return res;
}

} // namespace cloudsync::api::detail
