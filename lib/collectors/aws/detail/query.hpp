// The query protocol of EC2, CloudWatch and STS as every AWS collector uses
// it: a form body of Action, Version and the action's parameters POSTed to
// the endpoint's root, and a list paged by NextToken (opaque, with '+', '/'
// and '=': form-encoded like every value) through the common pager. What is
// not here: the answers' formats (ec2_pages.hpp, cloudwatch_pages.hpp).
#pragma once

#include "collectors/aws/ec2_pages.hpp"
#include "collectors/common/api_client.hpp"
#include "collectors/common/engine.hpp"
#include "collectors/common/pager.hpp"
#include "collectors/errors.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::collectors::aws::detail {

using query_params = std::vector<std::pair<std::string, std::string>>;

// "Action=...&Version=...&..." with every key and value form-encoded, in order.
std::string query_body(const query_params& params);

// The account id of a GetCallerIdentity answer. Throws page_error (naming the
// URL's path) when it holds none of 12 digits.
std::string caller_account(std::string_view xml, std::string_view url);

// POSTs one query action; returns the 2xx body. scope_key: what the throttle
// counts the call against (the region).
boost::asio::awaitable<std::string> query(std::shared_ptr<common::api_client> client,
                                          query_params params, std::string scope_key);

template <class Item> using query_parser = std::function<token_page<Item>(const std::string& body)>;
template <class Item>
using query_consumer = std::function<boost::asio::awaitable<void>(std::vector<Item> items)>;

// Every page of one query list: params (Action, Version, MaxResults ...) plus
// NextToken from the second page on. Parsing on the engine's parse executor.
// Throws what the client, parse and consume throw; page_error when a page
// hands back the token it was asked with (the list would never end).
template <class Item>
boost::asio::awaitable<void> query_list(common::engine_context engine,
                                        std::shared_ptr<common::api_client> client,
                                        std::string scope_key, query_params params,
                                        query_parser<Item> parse, query_consumer<Item> consume) {
    common::page_steps<token_page<Item>, std::vector<Item>> steps;
    steps.fetch = [client, scope_key, params](std::string token) {
        auto with_token = params;
        if (!token.empty())
            with_token.emplace_back("NextToken", std::move(token));
        return query(client, std::move(with_token), scope_key);
    };
    steps.parse = [parse = std::move(parse)](const std::string& body, const std::string&) {
        return parse(body);
    };
    steps.next = [](const token_page<Item>& page) -> std::optional<std::string> {
        if (!page.next_token || page.next_token->empty())
            return std::nullopt;
        return page.next_token;
    };
    const std::string action = params.empty() ? std::string() : params.front().second;
    steps.build = [action](token_page<Item> page, const std::string& token) {
        if (page.next_token && !token.empty() && *page.next_token == token)
            throw page_error(action + " answered with the NextToken it was asked with");
        return std::move(page.items);
    };
    steps.consume = std::move(consume);
    co_await common::page_through(std::string(), std::move(steps), engine.parse_executor);
}

} // namespace cloudsync::collectors::aws::detail
