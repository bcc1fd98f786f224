// A record_sink for the collector sim tests that keeps every record delivered
// (failed scopes included, so tests can see what was read before a failure) and
// checks the sink contract as it goes: batches within their bound, writes inside
// a scope, scopes that do not nest, no record delivered twice. The metrics and
// alerts tests use monitor_sink instead, which drops failed scopes like the store.
#pragma once

#include "inventory/run.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::test {

class recording_sink final : public inventory::record_sink {
public:
    explicit recording_sink(std::size_t batch_limit) : limit_(batch_limit) {}

    boost::asio::awaitable<void> write(std::vector<inventory::record> batch) override {
        EXPECT_FALSE(batch.empty());
        EXPECT_LE(batch.size(), limit_);
        EXPECT_FALSE(open_scope.empty()) << "a write outside any scope";
        ++batches;
        for (auto& r : batch) {
            const auto id = r.native_id;
            EXPECT_TRUE(records.emplace(id, std::move(r)).second) << "delivered twice: " << id;
            scope_of[id] = open_scope;
        }
        co_return;
    }
    boost::asio::awaitable<void> write_samples(std::vector<inventory::metric_sample>) override {
        ADD_FAILURE() << "these collectors write no metric samples";
        co_return;
    }
    boost::asio::awaitable<void> begin_scope(std::string scope) override {
        EXPECT_TRUE(open_scope.empty()) << "scopes do not nest";
        open_scope = std::move(scope);
        co_return;
    }
    boost::asio::awaitable<void> end_scope() override {
        EXPECT_FALSE(open_scope.empty());
        completed_scopes.push_back(std::exchange(open_scope, {}));
        co_return;
    }
    boost::asio::awaitable<void> fail_scope(std::string error) override {
        EXPECT_FALSE(open_scope.empty());
        failed_scopes.emplace_back(std::exchange(open_scope, {}), std::move(error));
        co_return;
    }

    std::size_t count(inventory::table t) const {
        std::size_t n = 0;
        for (const auto& [id, rec] : records) n += inventory::table_of(rec) == t;
        return n;
    }

    std::map<std::string, inventory::record> records;
    std::map<std::string, std::string> scope_of;
    std::size_t batches = 0;
    std::string open_scope;
    std::vector<std::string> completed_scopes;
    std::vector<std::pair<std::string, std::string>> failed_scopes;

private:
    std::size_t limit_;
};

} // namespace cloudsync::test
