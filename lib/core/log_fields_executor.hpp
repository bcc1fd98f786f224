// An executor that runs every function it is given with a job's log fields as
// the thread's current ones (log_fields.hpp), and otherwise is the executor it
// wraps: properties are queried, required and preferred on the inner one.
// The scheduler gives each job a strand over this executor, so every handler
// of the job - its coroutine, its HTTP completions, the coroutines it spawns on
// its own executor - logs with the job's fields.
#pragma once

#include "core/log_fields.hpp"

#include <boost/asio/execution.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>

#include <memory>
#include <type_traits>
#include <utility>

namespace cloudsync {

template <typename Inner> class log_fields_executor {
public:
    log_fields_executor(Inner inner, std::shared_ptr<const log_fields> fields) noexcept
        : inner_(std::move(inner)), fields_(std::move(fields)) {}

    template <typename Property>
    auto query(const Property& property) const
        -> decltype(boost::asio::query(std::declval<const Inner&>(), property)) {
        return boost::asio::query(inner_, property);
    }

    template <typename Property>
    auto require(const Property& property) const -> log_fields_executor<
        std::decay_t<decltype(boost::asio::require(std::declval<const Inner&>(), property))>> {
        return {boost::asio::require(inner_, property), fields_};
    }

    template <typename Property>
    auto prefer(const Property& property) const -> log_fields_executor<
        std::decay_t<decltype(boost::asio::prefer(std::declval<const Inner&>(), property))>> {
        return {boost::asio::prefer(inner_, property), fields_};
    }

    template <typename Function> void execute(Function&& function) const {
        inner_.execute([fields = fields_, f = std::forward<Function>(function)]() mutable {
            scoped_log_fields current(fields.get());
            std::move(f)();
        });
    }

    friend bool operator==(const log_fields_executor& a, const log_fields_executor& b) noexcept {
        return a.inner_ == b.inner_ && a.fields_ == b.fields_;
    }
    friend bool operator!=(const log_fields_executor& a, const log_fields_executor& b) noexcept {
        return !(a == b);
    }

    const std::shared_ptr<const log_fields>& fields() const noexcept { return fields_; }

private:
    template <typename> friend class log_fields_executor;
    Inner inner_;
    std::shared_ptr<const log_fields> fields_;
};

} // namespace cloudsync
