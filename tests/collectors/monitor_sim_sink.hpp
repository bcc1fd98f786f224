// A record_sink for the metrics and alerts collector tests that keeps what each
// scope delivered, as the store would: a failed scope's writes are dropped, and
// it checks the sink contract (scopes do not nest, writes happen in a scope,
// batches stay within their bound).
#pragma once

#include "inventory/run.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::test {

class monitor_sink final : public inventory::record_sink {
public:
    explicit monitor_sink(std::size_t batch_limit, bool keep_samples = true)
        : limit_(batch_limit), keep_samples_(keep_samples) {}

    boost::asio::awaitable<void> write(std::vector<inventory::record> batch) override {
        EXPECT_FALSE(open_.empty()) << "write outside a scope";
        EXPECT_FALSE(batch.empty());
        EXPECT_LE(batch.size(), limit_);
        for (auto& r : batch)
            pending_records_.push_back(std::move(r));
        co_return;
    }
    boost::asio::awaitable<void>
    write_samples(std::vector<inventory::metric_sample> batch) override {
        EXPECT_FALSE(open_.empty()) << "write_samples outside a scope";
        EXPECT_FALSE(batch.empty());
        EXPECT_LE(batch.size(), limit_);
        ++sample_batches;
        pending_samples_ += batch.size();
        if (keep_samples_)
            for (auto& s : batch)
                pending_.push_back(std::move(s));
        co_return;
    }
    boost::asio::awaitable<void> begin_scope(std::string scope) override {
        EXPECT_TRUE(open_.empty()) << "scopes do not nest";
        EXPECT_FALSE(scope.empty());
        open_ = std::move(scope);
        co_return;
    }
    boost::asio::awaitable<void> end_scope() override {
        EXPECT_FALSE(open_.empty());
        for (auto& s : pending_)
            samples.push_back(std::move(s));
        for (auto& r : pending_records_) {
            const auto id = r.native_id;
            EXPECT_TRUE(records.emplace(id, std::move(r)).second) << "delivered twice: " << id;
        }
        sample_count += pending_samples_;
        completed_scopes.push_back(std::exchange(open_, {}));
        discard();
        co_return;
    }
    boost::asio::awaitable<void> fail_scope(std::string error) override {
        EXPECT_FALSE(open_.empty());
        failed_scopes.emplace_back(std::exchange(open_, {}), std::move(error));
        discard();
        co_return;
    }

    std::vector<inventory::metric_sample> samples; // of completed scopes (when kept)
    std::size_t sample_count = 0;                  // of completed scopes
    std::size_t sample_batches = 0;                // every write_samples call
    std::map<std::string, inventory::record> records;
    std::vector<std::string> completed_scopes;
    std::vector<std::pair<std::string, std::string>> failed_scopes;

private:
    void discard() {
        pending_.clear();
        pending_records_.clear();
        pending_samples_ = 0;
    }

    std::size_t limit_;
    bool keep_samples_;
    std::string open_;
    std::vector<inventory::metric_sample> pending_;
    std::vector<inventory::record> pending_records_;
    std::size_t pending_samples_ = 0;
};

} // namespace cloudsync::test
