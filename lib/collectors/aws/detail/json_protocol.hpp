// The JSON 1.1 protocol of ECS as the containers collector uses it: an
// operation is a POST of a JSON object to the endpoint's root, named by
// X-Amz-Target, and a list is paged by nextToken in the request and the
// answer, through the common pager. What is not here: the answers' formats
// (ecs_pages.hpp).
#pragma once

#include "collectors/aws/detail/token_list.hpp"
#include "collectors/common/api_client.hpp"
#include "collectors/common/engine.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::aws::detail {

// POSTs request to client's endpoint as operation `target`
// ("AmazonEC2ContainerServiceV20141113.ListClusters"); returns the 2xx body.
boost::asio::awaitable<std::string> json_call(std::shared_ptr<common::api_client> client,
                                              std::string target, boost::json::object request,
                                              std::string scope_key);

// Every page of one list operation: request, plus nextToken from the second
// page on. See token_list.
template <class Item>
boost::asio::awaitable<void>
json_list(common::engine_context engine, std::shared_ptr<common::api_client> client,
          std::string scope_key, std::string target, boost::json::object request,
          std::function<token_page<Item>(const std::string& body)> parse,
          std::function<boost::asio::awaitable<void>(std::vector<Item>)> consume) {
    token_list_steps<Item> list;
    list.operation = target;
    list.fetch = [client, scope_key, target, request](std::string token) {
        auto with_token = request;
        if (!token.empty())
            with_token["nextToken"] = token;
        return json_call(client, target, std::move(with_token), scope_key);
    };
    list.parse = std::move(parse);
    list.consume = std::move(consume);
    co_await token_list(std::move(list), engine.parse_executor);
}

} // namespace cloudsync::collectors::aws::detail
