// A record_sink for the metrics and alerts collector tests that keeps what each
// scope delivered, as the store would: a failed (or abandoned) scope's writes
// are dropped. It opens a scope object per scope (record_sink::open_scope) and
// checks the sink contract: each scope opened once and finished once, writes
// inside an open scope, batches within their bound.
#pragma once

#include "inventory/run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::test {

class monitor_sink final : public inventory::record_sink {
public:
    explicit monitor_sink(std::size_t batch_limit, bool keep_samples = true)
        : limit_(batch_limit), keep_samples_(keep_samples) {}

    boost::asio::awaitable<std::unique_ptr<inventory::scope_sink>>
    open_scope(std::string scope) override {
        EXPECT_FALSE(scope.empty());
        EXPECT_TRUE(opened_.insert(scope).second) << "scope opened twice: " << scope;
        ++open;
        max_open = std::max(max_open, open);
        co_return std::make_unique<scope_object>(*this, std::move(scope));
    }

    std::vector<inventory::metric_sample> samples; // of completed scopes (when kept)
    std::size_t sample_count = 0;                  // of completed scopes
    std::size_t sample_batches = 0;                // every write_samples call
    std::map<std::string, inventory::record> records;
    std::vector<std::string> completed_scopes;
    std::vector<std::pair<std::string, std::string>> failed_scopes;
    std::vector<std::pair<std::string, std::string>> empty_scopes; // also in completed_scopes
    std::vector<std::string> abandoned_scopes;
    std::size_t open = 0;
    std::size_t max_open = 0;

private:
    class scope_object final : public inventory::scope_sink {
    public:
        scope_object(monitor_sink& sink, std::string name) : sink_(sink), name_(std::move(name)) {}
        ~scope_object() override {
            if (!finished_) {
                sink_.abandoned_scopes.push_back(name_);
                --sink_.open;
            }
        }
        boost::asio::awaitable<void> write(std::vector<inventory::record> batch) override {
            EXPECT_FALSE(finished_) << "write after the scope ended";
            EXPECT_FALSE(batch.empty());
            EXPECT_LE(batch.size(), sink_.limit_);
            for (auto& r : batch)
                records_.push_back(std::move(r));
            co_return;
        }
        std::shared_ptr<const inventory::content_check> checker(inventory::table) override {
            return nullptr; // these collectors write every record
        }
        boost::asio::awaitable<void> write_unchanged(inventory::table,
                                                     std::vector<inventory::content_key>) override {
            ADD_FAILURE() << "unchanged keys without a checker";
            co_return;
        }
        boost::asio::awaitable<void>
        write_samples(std::vector<inventory::metric_sample> batch) override {
            EXPECT_FALSE(finished_) << "write_samples after the scope ended";
            EXPECT_FALSE(batch.empty());
            EXPECT_LE(batch.size(), sink_.limit_);
            ++sink_.sample_batches;
            sample_count_ += batch.size();
            if (sink_.keep_samples_)
                for (auto& s : batch)
                    samples_.push_back(std::move(s));
            co_return;
        }
        boost::asio::awaitable<void> complete() override {
            EXPECT_FALSE(finished_);
            finished_ = true;
            --sink_.open;
            for (auto& s : samples_)
                sink_.samples.push_back(std::move(s));
            for (auto& r : records_) {
                const auto id = r.native_id;
                EXPECT_TRUE(sink_.records.emplace(id, std::move(r)).second)
                    << "delivered twice: " << id;
            }
            sink_.sample_count += sample_count_;
            sink_.completed_scopes.push_back(name_);
            co_return;
        }
        boost::asio::awaitable<void> complete_empty(std::string reason) override {
            sink_.empty_scopes.emplace_back(name_, std::move(reason));
            co_await complete();
        }
        boost::asio::awaitable<void> fail(std::string error) override {
            EXPECT_FALSE(finished_);
            finished_ = true;
            --sink_.open;
            sink_.failed_scopes.emplace_back(name_, std::move(error));
            co_return;
        }

    private:
        monitor_sink& sink_;
        std::string name_;
        bool finished_ = false;
        std::vector<inventory::metric_sample> samples_;
        std::vector<inventory::record> records_;
        std::size_t sample_count_ = 0;
    };

    std::size_t limit_;
    bool keep_samples_;
    std::set<std::string> opened_;
};

} // namespace cloudsync::test
