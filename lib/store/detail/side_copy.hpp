// A run's second staging COPY: its own connection and thread, fed by the run's
// store thread. A large run's crawl was bound by the one server backend that
// parsed, compressed and stored its staged rows while the other core idled; the
// store thread now hands this stream part of the rows, so two backends do that
// work at once (the staging tables are ordinary tables, reachable from both
// connections: sql::create_staging).
// Same contract as copy_stream: the rows count as written only once complete()
// returns; a COPY is an open statement, so it is ended whenever the store
// thread ends its own (when nothing is queued, and after a second at most).
#pragma once

#include "store/detail/connect.hpp"
#include "store/detail/copy_in.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cloudsync::store::detail {

class side_copy {
public:
    // db: the connection this stream uses, opened on first use; reset (closed)
    // when the stream is destroyed, so an idle run slot holds one connection.
    explicit side_copy(session& db);
    // Drops what is queued and ends the COPY, ignoring its outcome; joins.
    ~side_copy();
    side_copy(const side_copy&) = delete;
    side_copy& operator=(const side_copy&) = delete;

    // Whether write() would queue without waiting: less than a bound of bytes
    // (two batches of a first load) is queued. The store thread writes the rest
    // on its own stream instead of waiting.
    bool has_room() const;
    // Queues `lines` (COPY text, as for copy_in) for `table`; waits while the
    // queue is full. After an error the lines are dropped (complete() throws it).
    void write(const std::string& table, const std::vector<std::string>& columns,
               std::string lines);
    // Waits until everything queued is written and the COPY has ended; throws
    // the first error since the last complete() (a row the server refused, a
    // lost connection), once.
    void complete();
    // Drops what is queued and ends an open COPY, ignoring its outcome; waits.
    void discard() noexcept;

private:
    struct item {
        std::string table;
        std::vector<std::string> columns;
        std::string lines;
    };
    void loop();
    // On the stream's thread: ends the open COPY, keeping its error.
    void end_open() noexcept;

    session& db_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<item> queue_;
    std::size_t queued_bytes_ = 0;
    bool busy_ = false; // the thread holds an item, or is ending a COPY
    bool end_ = false;  // complete()/discard(): end the COPY once drained
    bool stop_ = false;
    std::exception_ptr error_;
    // The thread's own (guarded by the protocol: only it touches them).
    std::unique_ptr<copy_stream> copy_;
    std::string copy_table_;
    std::thread thread_; // last: started once the members above exist
};

} // namespace cloudsync::store::detail
