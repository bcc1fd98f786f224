// The one paging loop of every list call, on every cloud: fetch a page by its
// token, parse it, follow the next token. It requests the next page while the
// current one's records are written (while it is parsed too, when the page's
// text states the next token where it can be read without parsing), and
// parses off the I/O thread, so at scale the cloud's latency, not the CPU or
// the database, sets the pace.
// What is not here: the provider's page format (its parse and build steps) and
// where records go (the consume step).
#pragma once

#include "collectors/common/detail/prefetch.hpp"
#include "collectors/common/off_thread.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/this_coro.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace cloudsync::collectors::common {

// The steps of one list. Document is the parsed page (e.g. a JSON DOM), Items
// what one page yields. parse, next and build run on the parse executor and may
// touch nothing else; fetch and consume run on the caller's executor.
template <class Document, class Items> struct page_steps {
    // The page of this token (the first token is the list's URL; an API with
    // opaque tokens builds the URL itself). Must own everything it uses: a fetch
    // may be in flight when the list ends in an error (it is then cancelled).
    std::function<boost::asio::awaitable<std::string>(std::string token)> fetch;
    std::function<Document(const std::string& body, const std::string& token)> parse;
    // The token of the following page, or nullopt on the last page.
    std::function<std::optional<std::string>(const Document& page)> next;
    // Optional, on the caller's executor: the following page's token as the
    // page's text states it, read without parsing the page (ARM's nextLink
    // closes its page), or nullopt when it cannot tell. That page is then
    // requested while this one waits to be parsed. `next` stays the authority:
    // when it disagrees, the early request is cancelled, its answer is never
    // used, and the page of `next`'s token is requested.
    std::function<std::optional<std::string>(const std::string& body)> peek_next;
    std::function<Items(Document page, const std::string& token)> build;
    std::function<boost::asio::awaitable<void>(Items items)> consume;
};

// Pages through a list from `first`. A page is parsed and built in one job on
// the parse executor, so its document (a JSON DOM is several times the size of
// its text) lives only for that job: documents parked between a parse job and
// a build job, one per list of every open scope, were most of the daemon's
// peak memory. Then the next page is requested (unless peek_next already
// did) and the items are consumed while it is on its way. At most two pages'
// texts and one page's items are held per list. Throws what a step throws; an
// in-flight fetch is then cancelled.
template <class Document, class Items>
boost::asio::awaitable<void> page_through(std::string first, page_steps<Document, Items> steps,
                                          boost::asio::any_io_executor parse_on) {
    const auto ex = co_await boost::asio::this_coro::executor;
    std::string token = std::move(first);
    std::string body = co_await steps.fetch(token);
    for (;;) {
        std::optional<std::string> guess;
        std::optional<detail::prefetch<std::string>> following;
        if (steps.peek_next && (guess = steps.peek_next(body)))
            following.emplace(ex, steps.fetch(*guess));
        auto [items, next] =
            co_await off_thread(parse_on, [&steps, b = std::move(body), &token] {
                Document page = steps.parse(b, token);
                auto following_token = steps.next(page);
                return std::pair<Items, std::optional<std::string>>(
                    steps.build(std::move(page), token), std::move(following_token));
            });
        if (next != guess) {
            following.reset(); // cancels a request for the wrong page
            if (next)
                following.emplace(ex, steps.fetch(*next));
        }
        co_await steps.consume(std::move(items));
        if (!following)
            co_return;
        body = co_await following->get();
        token = std::move(*next);
    }
}

} // namespace cloudsync::collectors::common
