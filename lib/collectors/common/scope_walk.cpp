#include "collectors/common/scope_walk.hpp"

#include "collectors/common/api_client.hpp"
#include "collectors/common/bounded.hpp"
#include "collectors/errors.hpp"
#include "core/text.hpp"
#include "http/client.hpp"

#include <spdlog/spdlog.h>

#include <mutex>
#include <optional>
#include <set>

namespace cloudsync::collectors::common {

namespace asio = boost::asio;

namespace {

bool scope_status(unsigned status) {
    return status == 403 || status == 404 || status == 409 || status == 429 || status >= 500;
}

struct walk_state {
    std::vector<std::string> scopes;
    std::shared_ptr<inventory::record_sink> sink;
    walk_options options;
    scope_reader read;
};

// How a scope's reading ended: complete, read as empty (the reason), or failed.
struct scope_outcome {
    std::optional<std::string> failure;
    std::optional<std::string> empty_reason;
};

// A scope read as empty says so at info the first time this process sees that
// scope and reason, then at debug: a project without an API stays so for
// months, and every run of every kind would repeat it.
void log_empty(const std::string& scope_word, const std::string& scope, const std::string& reason) {
    static std::mutex mutex;
    static std::set<std::string> seen;
    bool first = false;
    {
        const std::lock_guard lock(mutex);
        first = seen.insert(scope_word + ' ' + scope + ": " + reason.substr(0, reason.find('\n')))
                    .second;
    }
    spdlog::log(first ? spdlog::level::info : spdlog::level::debug,
                "{} {}: read as empty: {}", scope_word, scope, reason);
}

// Reads one scope inside its scope_sink. This is the task boundary of one
// scope, hence the try/catch here.
asio::awaitable<scope_outcome> read_in_scope(std::shared_ptr<walk_state> walk, std::string scope,
                                             inventory::scope_sink& out) {
    try {
        co_await walk->read(scope, out);
        co_return scope_outcome{};
    } catch (const std::exception& e) {
        switch (walk->options.classify(e)) {
        case failure_reach::collection:
            throw;
        case failure_reach::empty:
            log_empty(walk->options.scope_word, scope, e.what());
            co_return scope_outcome{std::nullopt, std::string(e.what())};
        case failure_reach::scope:
            co_return scope_outcome{std::string(e.what()), std::nullopt};
        }
        throw;
    }
}

asio::awaitable<void> read_scope(std::shared_ptr<walk_state> walk, std::size_t index) {
    const std::string scope = walk->scopes[index];
    if (walk->options.prepare)
        co_await walk->options.prepare();
    std::unique_ptr<inventory::scope_sink> out = co_await walk->sink->open_scope(scope);
    scope_outcome outcome = co_await read_in_scope(walk, scope, *out);
    if (outcome.failure) {
        spdlog::warn("{} {} not read completely: {}", walk->options.scope_word, scope,
                     *outcome.failure);
        co_await out->fail(std::move(*outcome.failure));
    } else if (outcome.empty_reason) {
        co_await out->complete_empty(std::move(*outcome.empty_reason));
    } else {
        co_await out->complete();
    }
}

} // namespace

failure_reach default_failure_reach(const std::exception& error) {
    if (const auto* api = dynamic_cast<const api_error*>(&error))
        return scope_status(api->status()) ? failure_reach::scope : failure_reach::collection;
    if (dynamic_cast<const page_error*>(&error) != nullptr ||
        dynamic_cast<const http::transport_error*>(&error) != nullptr)
        return failure_reach::scope;
    return failure_reach::collection;
}

walk_options account_walk(const engine_context& engine, std::shared_ptr<api_client> client,
                          std::string scope_word, failure_classifier classify) {
    walk_options options;
    options.limit = engine.scope_concurrency;
    options.classify = std::move(classify);
    options.scope_word = std::move(scope_word);
    options.prepare = [client = std::move(client)]() { return client->ensure_credentials(); };
    return options;
}

std::vector<std::string> unique_scopes(std::vector<std::string> ids, bool ignore_case) {
    std::set<std::string> seen;
    std::vector<std::string> out;
    out.reserve(ids.size());
    for (auto& id : ids)
        if (seen.insert(ignore_case ? to_lower(id) : id).second)
            out.push_back(std::move(id));
    return out;
}

asio::awaitable<void> walk_scopes(std::vector<std::string> scopes,
                                  std::shared_ptr<inventory::record_sink> sink,
                                  walk_options options, scope_reader read) {
    auto walk = std::make_shared<walk_state>(walk_state{
        unique_scopes(std::move(scopes), false), std::move(sink), std::move(options),
        std::move(read)});
    if (!walk->options.classify)
        walk->options.classify = default_failure_reach;
    const auto count = walk->scopes.size();
    co_await run_bounded(count, walk->options.limit,
                         [walk](std::size_t index) { return read_scope(walk, index); });
}

} // namespace cloudsync::collectors::common
