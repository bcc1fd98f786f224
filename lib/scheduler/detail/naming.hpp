// How the scheduler names a job: its key from a run scope, and the
// "account/kind" spelling used in logs and errors. Private to the scheduler.
#pragma once

#include "inventory/run.hpp"
#include "scheduler/plan.hpp"

#include <string>

namespace cloudsync::scheduler::detail {

inline job_key key_of(const inventory::run_scope& scope) {
    return {scope.account, scope.kind};
}

inline std::string name_of(const job_key& key) {
    return key.account + "/" + std::string(inventory::to_string(key.kind));
}

} // namespace cloudsync::scheduler::detail
