// A record_sink for the collector sim tests that keeps every record delivered
// (failed scopes included, so tests can see what was read before a failure) and
// checks the sink contract as it goes: batches within their bound, each scope
// opened once and finished once (complete or fail), no record delivered twice.
// It opens a scope object per scope (record_sink::open_scope) and tracks how
// many were open at once, the writes of each scope, and the scopes left
// unfinished (destroyed without complete/fail: "abandoned"). The metrics and
// alerts tests use monitor_sink instead, which drops failed scopes like the store.
#pragma once

#include "inventory/run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::test {

class recording_sink final : public inventory::record_sink {
public:
    explicit recording_sink(std::size_t batch_limit) : limit_(batch_limit) {}

    boost::asio::awaitable<std::unique_ptr<inventory::scope_sink>>
    open_scope(std::string scope) override {
        EXPECT_FALSE(scope.empty());
        EXPECT_TRUE(opened.insert(scope).second) << "scope opened twice: " << scope;
        open.insert(scope);
        max_open = std::max(max_open, open.size());
        co_return std::make_unique<scope_object>(*this, std::move(scope));
    }

    std::size_t count(inventory::table t) const {
        std::size_t n = 0;
        for (const auto& [id, rec] : records) n += inventory::table_of(rec) == t;
        return n;
    }

    std::map<std::string, inventory::record> records;
    std::map<std::string, std::string> scope_of;
    std::size_t batches = 0;
    std::set<std::string> opened;                   // every scope ever opened
    std::set<std::string> open;                     // open now
    std::size_t max_open = 0;                       // the most open at one time
    std::map<std::string, std::size_t> writes_of;   // write() calls per scope
    std::vector<std::string> completed_scopes;      // in completion order
    std::vector<std::pair<std::string, std::string>> failed_scopes;
    std::vector<std::pair<std::string, std::string>> empty_scopes; // also in completed_scopes
    std::vector<std::string> abandoned_scopes;      // destroyed unfinished
    // Awaited at the start of every write (tests that hold a write back).
    std::function<boost::asio::awaitable<void>(const std::string& scope)> before_write;
    // What scope_sink::checker() offers for every table (null: none), and the
    // keys of the records collectors found unchanged through it.
    std::shared_ptr<const inventory::content_check> check;
    std::vector<inventory::content_key> unchanged;

private:
    class scope_object final : public inventory::scope_sink {
    public:
        scope_object(recording_sink& sink, std::string name)
            : sink_(sink), name_(std::move(name)) {}
        ~scope_object() override {
            if (!finished_) {
                sink_.abandoned_scopes.push_back(name_);
                sink_.open.erase(name_);
            }
        }
        boost::asio::awaitable<void> write(std::vector<inventory::record> batch) override {
            EXPECT_FALSE(finished_) << "write after the scope ended: " << name_;
            EXPECT_FALSE(writing_) << "two writes at once in scope " << name_;
            writing_ = true;
            if (sink_.before_write)
                co_await sink_.before_write(name_);
            writing_ = false;
            EXPECT_FALSE(batch.empty());
            EXPECT_LE(batch.size(), sink_.limit_);
            ++sink_.batches;
            ++sink_.writes_of[name_];
            for (auto& r : batch) {
                const auto id = r.native_id;
                EXPECT_TRUE(sink_.records.emplace(id, std::move(r)).second)
                    << "delivered twice: " << id;
                sink_.scope_of[id] = name_;
            }
        }
        std::shared_ptr<const inventory::content_check> checker(inventory::table) override {
            return sink_.check;
        }
        boost::asio::awaitable<void>
        write_unchanged(inventory::table, std::vector<inventory::content_key> keys) override {
            EXPECT_FALSE(finished_) << "write after the scope ended: " << name_;
            EXPECT_TRUE(sink_.check) << "unchanged keys without a checker";
            EXPECT_FALSE(keys.empty());
            for (const auto& key : keys)
                EXPECT_TRUE(sink_.check && sink_.check->holds(key));
            sink_.unchanged.insert(sink_.unchanged.end(), keys.begin(), keys.end());
            co_return;
        }
        boost::asio::awaitable<void> write_samples(std::vector<inventory::metric_sample>) override {
            ADD_FAILURE() << "these collectors write no metric samples";
            co_return;
        }
        boost::asio::awaitable<void> complete() override {
            EXPECT_FALSE(finished_);
            finished_ = true;
            sink_.open.erase(name_);
            sink_.completed_scopes.push_back(name_);
            co_return;
        }
        boost::asio::awaitable<void> complete_empty(std::string reason) override {
            sink_.empty_scopes.emplace_back(name_, reason);
            co_await complete();
        }
        boost::asio::awaitable<void> fail(std::string error) override {
            EXPECT_FALSE(finished_);
            finished_ = true;
            sink_.open.erase(name_);
            sink_.failed_scopes.emplace_back(name_, std::move(error));
            co_return;
        }

    private:
        recording_sink& sink_;
        std::string name_;
        bool finished_ = false;
        bool writing_ = false;
    };

    std::size_t limit_;
};

inline std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

} // namespace cloudsync::test
