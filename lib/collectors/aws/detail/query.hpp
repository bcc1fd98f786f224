// The query protocol of EC2, CloudWatch and STS as every AWS collector uses
// it: a form body of Action, Version and the action's parameters POSTed to
// the endpoint's root, and a list paged by NextToken (opaque, with '+', '/'
// and '=': form-encoded like every value) through the common pager. What is
// not here: the answers' formats (ec2_pages.hpp, cloudwatch_pages.hpp).
#pragma once

#include "collectors/aws/detail/token_list.hpp"
#include "collectors/aws/ec2_pages.hpp"
#include "collectors/common/api_client.hpp"
#include "collectors/common/engine.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::collectors::aws::detail {

using query_params = std::vector<std::pair<std::string, std::string>>;

// "Action=...&Version=...&..." with every key and value form-encoded, in order.
std::string query_body(const query_params& params);

// POSTs one query action; returns the 2xx body. scope_key: what the throttle
// counts the call against (the region).
boost::asio::awaitable<std::string> query(std::shared_ptr<common::api_client> client,
                                          query_params params, std::string scope_key);

template <class Item> using query_parser = std::function<token_page<Item>(const std::string& body)>;
template <class Item>
using query_consumer = std::function<boost::asio::awaitable<void>(std::vector<Item> items)>;

// Every page of one query list: params (Action first, Version, MaxResults
// ...) plus NextToken from the second page on. See token_list.
template <class Item>
boost::asio::awaitable<void> query_list(common::engine_context engine,
                                        std::shared_ptr<common::api_client> client,
                                        std::string scope_key, query_params params,
                                        query_parser<Item> parse, query_consumer<Item> consume) {
    token_list_steps<Item> list;
    list.operation = params.empty() ? std::string() : params.front().second;
    list.fetch = [client, scope_key, params](std::string token) {
        auto with_token = params;
        if (!token.empty())
            with_token.emplace_back("NextToken", std::move(token));
        return query(client, std::move(with_token), scope_key);
    };
    list.parse = std::move(parse);
    list.consume = std::move(consume);
    co_await token_list(std::move(list), engine.parse_executor);
}

} // namespace cloudsync::collectors::aws::detail
