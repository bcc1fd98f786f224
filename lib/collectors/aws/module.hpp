// The AWS provider module: one per account, built from the account's
// endpoint templates, regions and the one credential source the daemon made
// (static keys, optionally a role assumed with STS, or the instance profile),
// it makes each AWS collector. What is not here: reading the config (daemon),
// the collectors themselves.
#pragma once

#include "collectors/aws/account.hpp"
#include "collectors/provider_module.hpp"

#include <chrono>
#include <memory>

namespace cloudsync::collectors::aws {

struct aws_module_options {
    account_options account;
    // config metrics.lookback: the metrics collector's window.
    std::chrono::seconds metrics_lookback = std::chrono::minutes(15);
};

// Throws options_error from the constructor (see account_access). Kinds
// without an AWS collector yet give nullptr.
class aws_module final : public provider_module {
public:
    aws_module(engine_context engine, aws_module_options options);

    inventory::provider cloud() const noexcept override { return inventory::provider::aws; }
    std::unique_ptr<collector> make(inventory::collector_kind kind) const override;

private:
    std::shared_ptr<account_access> account_;
    std::chrono::seconds metrics_lookback_;
};

} // namespace cloudsync::collectors::aws
