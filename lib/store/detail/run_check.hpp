// A run's change detection as its collectors see it (inventory/content_check.hpp):
// keyed hashes under the database's key, with the scope mixed into every
// content hash, and the table's loaded index to ask. It holds the run's state
// alive while a collector keeps it.
#pragma once

#include "inventory/content_check.hpp"
#include "inventory/kind.hpp"

#include <memory>
#include <string>

namespace cloudsync::store::detail {

class run_state;

// Null when the run does not own `table`. Call after the run has begun.
std::shared_ptr<const inventory::content_check>
make_run_check(std::shared_ptr<const run_state> state, inventory::table table, std::string scope);

} // namespace cloudsync::store::detail
