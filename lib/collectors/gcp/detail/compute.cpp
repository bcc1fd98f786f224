#include "collectors/gcp/detail/compute.hpp"

#include "collectors/errors.hpp"
#include "collectors/gcp/error_body.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace cloudsync::collectors::gcp::detail {

namespace asio = boost::asio;
namespace json = boost::json;

std::shared_ptr<common::api_client>
make_google_client(std::shared_ptr<http::client> client,
                   std::shared_ptr<auth::authorizer> credentials, std::string endpoint) {
    common::api_client_options o;
    while (!endpoint.empty() && endpoint.back() == '/')
        endpoint.pop_back();
    o.endpoint = std::move(endpoint);
    o.provider = "gcp";
    o.parse_error = [](unsigned status, std::string_view body, std::string_view,
                       std::string_view url) { return gcp_error(status, body, url); };
    // Compute answers a per-user rate limit with 403 rateLimitExceeded: a
    // throttle to wait out, not a denial (429 and 5xx the http client retries).
    o.throttled = [](const api_error& e) {
        return e.status() == 403 && kind_of(e) == error_kind::rate_limited;
    };
    if (common::origin_of(o.endpoint).empty())
        throw options_error("gcp endpoint is not an absolute http(s) URL: " + o.endpoint);
    return std::make_shared<common::api_client>(std::move(client), std::move(credentials),
                                                std::move(o));
}

common::failure_reach project_failure_reach(const std::exception& error) {
    if (const auto* api = dynamic_cast<const api_error*>(&error);
        api && kind_of(*api) == error_kind::api_disabled)
        return common::failure_reach::empty;
    if (dynamic_cast<const incomplete_list*>(&error) != nullptr)
        return common::failure_reach::scope;
    return common::default_failure_reach(error);
}

bool valid_project(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

void check_projects(const std::vector<std::string>& ids, std::string_view what) {
    for (const auto& id : ids)
        if (!valid_project(id))
            throw options_error("gcp " + std::string(what) + ": not a project id: " + id);
}

compute_clients make_project_clients(const common::engine_context& engine,
                                     std::shared_ptr<auth::authorizer> credentials,
                                     project_client_options options, std::string_view collector) {
    if (options.batch_size == 0)
        throw options_error("gcp " + std::string(collector) + " collector: batch size is 0");
    if (options.max_results == 0 || options.max_results > options.max_results_limit)
        throw options_error("gcp " + std::string(collector) + " collector: maxResults must be 1.." +
                            std::to_string(options.max_results_limit));
    auto& projects = *options.projects;
    projects = common::unique_scopes(std::move(projects), false);
    check_projects(projects, std::string(collector) + " collector");
    compute_clients out;
    out.compute = make_google_client(engine.http, credentials, std::move(options.endpoint));
    if (projects.empty())
        out.resource_manager = make_google_client(engine.http, std::move(credentials),
                                                  std::move(options.resource_manager_endpoint));
    return out;
}

namespace {

struct projects_page {
    std::vector<std::string> active;
    std::optional<std::string> next;
};

projects_page parse_projects_page(const std::string& body, const std::string& url) {
    const auto fail = [&url](std::string_view why) {
        return page_error("malformed page from GET " + common::url_path(url) + ": " +
                          std::string(why));
    };
    boost::system::error_code ec;
    const json::value doc = json::parse(body, ec);
    if (ec || !doc.is_object())
        throw fail("not a JSON object");
    projects_page out;
    const auto& root = doc.get_object();
    if (const auto* next = root.if_contains("nextPageToken")) {
        if (!next->is_string())
            throw fail("nextPageToken is not a string");
        if (!next->get_string().empty())
            out.next = std::string(next->get_string());
    }
    const auto* projects = root.if_contains("projects");
    if (projects == nullptr || projects->is_null())
        return out;
    if (!projects->is_array())
        throw fail("projects is not an array");
    for (const auto& p : projects->get_array()) {
        const auto* object = p.if_object();
        const auto* id = object ? object->if_contains("projectId") : nullptr;
        const auto* state = object ? object->if_contains("state") : nullptr;
        if (id == nullptr || !id->is_string() || !valid_project(id->get_string()))
            throw fail("a project without a valid projectId");
        if (state != nullptr && state->is_string() && state->get_string() == "ACTIVE")
            out.active.emplace_back(id->get_string());
    }
    return out;
}

} // namespace

asio::awaitable<std::vector<std::string>>
list_projects(std::shared_ptr<common::api_client> resource_manager,
              asio::any_io_executor parse_on) {
    const std::string url = resource_manager->url("/v3/projects:search?query=state%3AACTIVE");
    std::vector<std::string> out;
    common::page_steps<projects_page, std::vector<std::string>> steps;
    steps.fetch = [resource_manager, url](std::string token) {
        return fetch_compute_page(resource_manager, "", url, std::move(token));
    };
    steps.parse = [url](const std::string& body, const std::string&) {
        return parse_projects_page(body, url);
    };
    steps.next = [](const projects_page& page) { return page.next; };
    steps.build = [](projects_page page, const std::string&) { return std::move(page.active); };
    steps.consume = [&out](std::vector<std::string> ids) -> asio::awaitable<void> {
        for (auto& id : ids)
            out.push_back(std::move(id));
        co_return;
    };
    co_await common::page_through(std::string(), std::move(steps), std::move(parse_on));
    out = common::unique_scopes(std::move(out), false);
    spdlog::debug("gcp: {} active projects visible", out.size());
    co_return out;
}

asio::awaitable<std::string> fetch_compute_page(std::shared_ptr<common::api_client> client,
                                                std::string project, std::string url,
                                                std::string token) {
    if (!token.empty()) {
        url += url.find('?') == std::string::npos ? "?pageToken=" : "&pageToken=";
        url += boost::urls::encode(token, boost::urls::unreserved_chars);
    }
    co_return co_await client->get(std::move(url), std::move(project));
}

asio::awaitable<void> for_each_project(common::engine_context engine,
                                       std::shared_ptr<common::api_client> client,
                                       project_walk walk,
                                       std::shared_ptr<inventory::record_sink> sink,
                                       common::scope_reader read) {
    std::vector<std::string> list = common::unique_scopes(std::move(walk.configured), false);
    if (list.empty()) {
        if (!walk.resource_manager)
            throw options_error("gcp: no projects configured and no Resource Manager endpoint");
        list = co_await list_projects(walk.resource_manager, engine.parse_executor);
    }
    co_await common::walk_scopes(
        std::move(list), std::move(sink),
        common::account_walk(engine, client, "gcp: project", project_failure_reach),
        std::move(read));
}

} // namespace cloudsync::collectors::gcp::detail
