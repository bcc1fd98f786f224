// Records to one scope of a run in batches of a fixed size, so a collector's
// memory stays bounded by one batch whatever the size of the account. Nothing
// else.
#pragma once

#include "collectors/common/write_gate.hpp"
#include "inventory/run.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <vector>

namespace cloudsync::collectors::common {

// Several coroutines of one scope (lists read at the same time) may add()
// concurrently from the scope's executor: the sink still sees one write at a
// time (its contract), an add() waiting while a write is in flight. A batch
// never spans scopes: flush() before the scope completes.
// Lifetime: out outlives the writer; add() and flush() are awaited before it is
// destroyed. Failure: add() and flush() throw what the sink throws.
class batch_writer {
public:
    batch_writer(inventory::scope_sink& out, std::size_t batch_size);

    // Queues rec; writes the batch when it is full.
    boost::asio::awaitable<void> add(inventory::record rec);
    // add() of each record in order: what a list's page consumer does.
    boost::asio::awaitable<void> add_all(std::vector<inventory::record> records);
    // add_all as a list's page consumer (each collector's lists hand it their
    // pages' records). The writer outlives the list it is given to.
    auto page_consumer() {
        return [this](std::vector<inventory::record> items) { return add_all(std::move(items)); };
    }
    // Keys of records of `of` found unchanged (scope_sink::checker), queued
    // and written like records, in batches of their own (one table a writer).
    boost::asio::awaitable<void> add_unchanged(inventory::table of,
                                               std::vector<inventory::content_key> keys);
    // Writes what is queued (nothing when empty).
    boost::asio::awaitable<void> flush();

    // Records written and keys of unchanged records passed on.
    std::size_t written() const noexcept { return written_; }
    std::size_t unchanged() const noexcept { return unchanged_written_; }

private:
    inventory::scope_sink& out_;
    std::size_t batch_size_;
    std::vector<inventory::record> batch_;
    std::vector<inventory::content_key> unchanged_;
    inventory::table unchanged_table_ = inventory::table::vms;
    std::size_t written_ = 0;
    std::size_t unchanged_written_ = 0;
    write_gate gate_;
};

} // namespace cloudsync::collectors::common
