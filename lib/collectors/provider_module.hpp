// One cloud behind one small interface: a provider module is made per account
// (from that account's options and credentials, by the daemon) and makes a
// collector per kind. daemon/jobs.cpp picks the module by the account's
// provider and needs nothing cloud-specific beyond building it. What is not
// here: how a module reads its config section (config/ and the daemon do).
#pragma once

#include "collectors/collector.hpp"
#include "collectors/common/engine.hpp"
#include "inventory/kind.hpp"

#include <memory>

namespace cloudsync::collectors {

using common::engine_context;

// Thread safety: make() may be called from any thread (it only builds); the
// collectors it returns run on engine.http's executor. Lifetime: a collector
// shares what it needs with the module (credentials, throttle); either may go
// first.
class provider_module {
public:
    virtual ~provider_module() = default;
    virtual inventory::provider cloud() const noexcept = 0;
    // A fresh collector of this kind (one per run), or nullptr when the module
    // has none for it. Throws options_error when the account's options cannot
    // work for that kind.
    virtual std::unique_ptr<collector> make(inventory::collector_kind kind) const = 0;
};

} // namespace cloudsync::collectors
