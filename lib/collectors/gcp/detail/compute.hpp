// What every GCP collector shares on top of the common engine: the authorized
// Google API client (bearer token, Google's error envelope, calls counted under
// provider "gcp"), the failure rule of a project (a disabled API reads as
// empty; an incomplete aggregated list fails the project's scope so nothing of
// it is deleted; the rest as common::default_failure_reach), the projects of an
// account (configured, or every ACTIVE one Resource Manager shows), the project
// walk, the clients of a collector, and one Google list paged by pageToken
// with the common pager (Compute's lists, Storage's bucket list, which has
// the envelope of a plain Compute list, and Monitoring's and Cloud Run's
// lists, the same envelope with the array named after the resource). What a
// collector reads within a project is not here.
#pragma once

#include "collectors/common/api_client.hpp"
#include "collectors/common/engine.hpp"
#include "collectors/common/pager.hpp"
#include "collectors/common/scope_walk.hpp"
#include "collectors/common/url.hpp"
#include "collectors/gcp/compute_page.hpp"
#include "core/error.hpp"
#include "inventory/run.hpp"

#include <boost/asio/awaitable.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::gcp::detail {

// A list answered with returnPartialSuccess that names unreachable scopes: what
// was read is not the whole project. Ends that project's scope (rows kept).
class incomplete_list : public cloudsync::error {
public:
    using cloudsync::error::error;
};

// Throws options_error when endpoint is not an absolute http(s) URL or the
// client or credentials are missing.
std::shared_ptr<common::api_client>
make_google_client(std::shared_ptr<http::client> client,
                   std::shared_ptr<auth::authorizer> credentials, std::string endpoint);

// SERVICE_DISABLED / accessNotConfigured: empty; incomplete_list: scope; else
// common::default_failure_reach.
common::failure_reach project_failure_reach(const std::exception& error);

// Project ids go into URL paths: lower-case letters, digits and '-' only.
bool valid_project(std::string_view id);
// Throws options_error naming `what` when an id is not a project id.
void check_projects(const std::vector<std::string>& ids, std::string_view what);

// GET {resource manager}/v3/projects:search?query=state:ACTIVE (paged): the
// ids of the ACTIVE projects, without repeats. Throws api_error, page_error,
// auth and transport errors: without the list there is nothing to scope.
boost::asio::awaitable<std::vector<std::string>>
list_projects(std::shared_ptr<common::api_client> resource_manager,
              boost::asio::any_io_executor parse_on);

struct project_walk {
    std::vector<std::string> configured;                  // empty: list_projects()
    std::shared_ptr<common::api_client> resource_manager; // needed only when configured is empty
};

// The projects read through common::walk_scopes with project_failure_reach, up
// to engine.scope_concurrency at a time, credentials obtained before each
// scope opens. Listing failures propagate (nothing was begun).
boost::asio::awaitable<void> for_each_project(common::engine_context engine,
                                              std::shared_ptr<common::api_client> client,
                                              project_walk walk,
                                              std::shared_ptr<inventory::record_sink> sink,
                                              common::scope_reader read);

// The client of one Google API (Compute, Storage, ...) and (when no project is
// configured) the Resource Manager client of one collector, after checking its
// options: batch_size > 0, max_results 1..max_results_limit, projects made
// unique and checked. Throws options_error naming the collector.
struct compute_clients {
    std::shared_ptr<common::api_client> compute; // the API's client, whichever API
    std::shared_ptr<common::api_client> resource_manager;
};
struct project_client_options {
    std::string endpoint;                         // the API's base URL
    std::string resource_manager_endpoint;        // used only when projects is empty
    std::vector<std::string>* projects = nullptr; // made unique in place
    std::size_t batch_size = 0;
    unsigned max_results = 0;
    unsigned max_results_limit = 500;
};
compute_clients make_project_clients(const common::engine_context& engine,
                                     std::shared_ptr<auth::authorizer> credentials,
                                     project_client_options options, std::string_view collector);

template <class Item>
using compute_builder = std::function<compute_page<Item>(const raw_compute_page& page)>;
template <class Item>
using compute_consumer = std::function<boost::asio::awaitable<void>(std::vector<Item> items)>;

// The page of url with pageToken = token ("" = the first page), counted
// against project. Owns what it uses.
boost::asio::awaitable<std::string> fetch_compute_page(std::shared_ptr<common::api_client> client,
                                                       std::string project, std::string url,
                                                       std::string token);

// One Compute list page by page: url (with its query, e.g. maxResults=500)
// gets &pageToken=... for the following pages. item_key names the array of an
// aggregated list's scopes; list_key the page's member holding the items, for
// an API that names its array after the resource ("alertPolicies", "services",
// see parse_compute_page). Throws incomplete_list after the last page when any
// page was incomplete (everything read was consumed before).
template <class Item>
boost::asio::awaitable<void>
compute_list(common::engine_context engine, std::shared_ptr<common::api_client> client,
             std::string project, std::string url, std::string item_key,
             compute_builder<Item> build, compute_consumer<Item> consume,
             std::string list_key = "items") {
    struct built {
        std::vector<Item> items;
        std::vector<std::string> unreachable;
        bool complete = true;
    };
    auto incomplete = std::make_shared<std::vector<std::string>>();
    auto any_incomplete = std::make_shared<bool>(false);
    common::page_steps<raw_compute_page, built> steps;
    steps.fetch = [client, project, url](std::string token) {
        return fetch_compute_page(client, project, url, std::move(token));
    };
    steps.parse = [url, item_key, list_key](const std::string& body, const std::string&) {
        return parse_compute_page(body, url, item_key, list_key);
    };
    steps.next = [](const raw_compute_page& page) -> std::optional<std::string> {
        if (page.next_page_token && page.next_page_token->empty())
            return std::nullopt;
        return page.next_page_token;
    };
    steps.build = [build = std::move(build)](raw_compute_page page, const std::string&) {
        auto items = build(page);
        return built{std::move(items.items), std::move(items.unreachable), items.complete};
    };
    steps.consume = [consume = std::move(consume), incomplete,
                     any_incomplete](built page) -> boost::asio::awaitable<void> {
        if (!page.complete) {
            *any_incomplete = true;
            for (auto& scope : page.unreachable)
                if (std::find(incomplete->begin(), incomplete->end(), scope) == incomplete->end())
                    incomplete->push_back(std::move(scope));
        }
        co_await consume(std::move(page.items));
    };
    co_await common::page_through(std::string(), std::move(steps), engine.parse_executor);
    if (*any_incomplete) {
        std::string scopes;
        for (const auto& s : *incomplete)
            scopes += (scopes.empty() ? "" : ", ") + s;
        throw incomplete_list("incomplete list from GET " + common::url_path(url) +
                              ": unreachable " + (scopes.empty() ? std::string("scopes") : scopes));
    }
}

} // namespace cloudsync::collectors::gcp::detail
