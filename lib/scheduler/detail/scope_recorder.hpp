// The sink a job hands its collector: it forwards everything to the run and
// keeps the job's own ledger of scopes, which scopes failed (and why) and how
// many distinct scopes were begun, so the scheduler can report a partial run
// without asking the store. Not here: what a failed scope does to the rows
// (the store's business, run.hpp).
#pragma once

#include "inventory/run.hpp"

#include <cstddef>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::scheduler::detail {

// What one job's scopes came to. Shared by the recorder and the scope sinks it
// hands out, so a scope that outlives the recorder still records its end.
struct scope_ledger {
    std::set<std::string> begun;                             // distinct scope names
    std::vector<std::pair<std::string, std::string>> failed; // (scope, error), in order
};

// Thread safety: none needed. Every call comes from the job's one strand (the
// record_sink contract), also when several scopes are open at once.
class scope_recorder final : public inventory::record_sink {
public:
    explicit scope_recorder(std::shared_ptr<inventory::record_sink> target)
        : target_(std::move(target)), ledger_(std::make_shared<scope_ledger>()) {}

    // Opens the target's scope and returns a sink that records the scope's
    // failure; a scope destroyed without complete() or fail() counts as failed
    // with "abandoned", as the store treats it. Throws what the target throws.
    boost::asio::awaitable<std::unique_ptr<inventory::scope_sink>>
    open_scope(std::string scope) override;


    const std::vector<std::pair<std::string, std::string>>& failed() const noexcept {
        return ledger_->failed;
    }
    // Each scope name counts once, however often it was opened.
    std::size_t begun() const noexcept { return ledger_->begun.size(); }

private:
    std::shared_ptr<inventory::record_sink> target_;
    std::shared_ptr<scope_ledger> ledger_;
};

} // namespace cloudsync::scheduler::detail
