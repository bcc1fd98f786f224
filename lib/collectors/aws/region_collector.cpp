#include "collectors/aws/region_collector.hpp"

#include "collectors/aws/error_body.hpp"
#include "collectors/errors.hpp"

namespace cloudsync::collectors::aws {

namespace asio = boost::asio;

common::failure_reach region_failure_reach(const std::exception& error) {
    // A region the account has not enabled does not know its keys: it answers
    // 401 AuthFailure while the account's other regions read fine. S3 answers
    // 301 PermanentRedirect to a bucket asked at another region's endpoint.
    if (const auto* api = dynamic_cast<const api_error*>(&error);
        api && (is_throttle_code(api->code()) || api->status() == 401 || api->status() == 301))
        return common::failure_reach::scope;
    return common::default_failure_reach(error);
}

region_collector::region_collector(std::shared_ptr<account_access> account, const char* kind)
    : account_(std::move(account)) {
    if (!account_)
        throw options_error(std::string("aws ") + kind + " collector: no account");
}

asio::awaitable<void> region_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    begin_pass();
    // Both before any scope opens: without them no region can be read.
    const std::string account_id = co_await account_->account_id();
    auto regions = co_await account_->regions();
    auto home = account_->client(service::sts, account_->home_region());
    co_await common::walk_scopes(
        std::move(regions), std::move(sink),
        common::account_walk(account_->engine(), std::move(home), "aws: region",
                             region_failure_reach),
        [this, account_id](std::string region, inventory::scope_sink& out) {
            return collect_region(std::move(region), account_id, out);
        });
}

} // namespace cloudsync::collectors::aws
