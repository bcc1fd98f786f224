// What every AWS collector shares: the walk over an account's regions, one
// scope per region (an account-region), up to the engine's scope concurrency
// at a time, credentials obtained (a role assumed) before each opens, and the
// failure rule of a region: the common rule, plus a throttle that outlasted
// its retries (AWS answers some with 400) and a 401 (a region the account has
// not enabled refuses its keys; bad keys fail at GetCallerIdentity, before
// any region) and S3's 301 PermanentRedirect end only that region's scope. The account id is asked
// before the walk. A kind implements collect_region().
#pragma once

#include "collectors/aws/account.hpp"
#include "collectors/collector.hpp"
#include "collectors/common/scope_walk.hpp"

#include <memory>
#include <string>

namespace cloudsync::collectors::aws {

// Throttle codes, 401 and 301: scope; the rest as common::default_failure_reach.
common::failure_reach region_failure_reach(const std::exception& error);

// Thread safety: runs on the engine's executor.
class region_collector : public collector {
public:
    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) final;

protected:
    // kind: the collector's name in logs ("vms"). Throws options_error when
    // account is null.
    region_collector(std::shared_ptr<account_access> account, const char* kind);

    // Called once at the start of each collect(), before any region.
    virtual void begin_pass() {}

    // One region's records into out (alive until this returns). account_id:
    // the 12 digits ARNs carry. Throws to fail that region's scope.
    virtual boost::asio::awaitable<void> collect_region(std::string region, std::string account_id,
                                                        inventory::scope_sink& out) = 0;

    std::shared_ptr<account_access> account_;
};

} // namespace cloudsync::collectors::aws
