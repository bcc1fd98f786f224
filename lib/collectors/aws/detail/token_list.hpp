// The one list loop of every AWS API, whichever its protocol: a page fetched
// by an opaque token (none for the first page), parsed into a token_page on
// the engine's parse executor, its items consumed while the next page is on
// its way (the common pager). The protocols differ only in where the token
// goes (query.hpp: a form field; json_protocol.hpp: a JSON member; S3: a URL
// parameter).
#pragma once

#include "collectors/aws/ec2_pages.hpp" // token_page
#include "collectors/common/pager.hpp"
#include "collectors/errors.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::collectors::aws::detail {

template <class Item> struct token_list_steps {
    // The page of token ("" for the first). Must own what it uses.
    std::function<boost::asio::awaitable<std::string>(std::string token)> fetch;
    std::function<token_page<Item>(const std::string& body)> parse;
    std::function<boost::asio::awaitable<void>(std::vector<Item> items)> consume;
    std::string operation; // for messages: "DescribeInstances"
};

// Throws what the steps throw; page_error when a page hands back the token it
// was asked with (the list would never end).
template <class Item>
boost::asio::awaitable<void> token_list(token_list_steps<Item> list,
                                        boost::asio::any_io_executor parse_on) {
    common::page_steps<token_page<Item>, std::vector<Item>> steps;
    steps.fetch = std::move(list.fetch);
    steps.parse = [parse = std::move(list.parse)](const std::string& body, const std::string&) {
        return parse(body);
    };
    steps.next = [](const token_page<Item>& page) -> std::optional<std::string> {
        if (!page.next_token || page.next_token->empty())
            return std::nullopt;
        return page.next_token;
    };
    steps.build = [operation = std::move(list.operation)](token_page<Item> page,
                                                          const std::string& token) {
        if (page.next_token && !token.empty() && *page.next_token == token)
            throw page_error(operation + " answered with the token it was asked with");
        return std::move(page.items);
    };
    steps.consume = std::move(list.consume);
    co_await common::page_through(std::string(), std::move(steps), std::move(parse_on));
}

} // namespace cloudsync::collectors::aws::detail
