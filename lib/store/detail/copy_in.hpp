// Moving prepared COPY text to the server: the one helper every staging and
// inventory COPY goes through. Formatting the text is copy_text.hpp's job.
#pragma once

#include <pqxx/nontransaction>
#include <pqxx/tablewriter>
#include <pqxx/transaction_base>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::store::detail {

// Streams `lines` (COPY text lines, each ending in '\n') into `table` (a
// schema-qualified name, used verbatim) in chunks of about 1 MB. Works in any
// transaction, pqxx::nontransaction included (then the COPY is its own short
// implicit transaction). Nothing happens for empty `lines`. Throws what
// libpqxx throws; the COPY is then rolled back as a whole.
void copy_in(pqxx::transaction_base& tx, const std::string& table,
             const std::vector<std::string>& columns, std::string_view lines);

// The longest a staging COPY stays open while writes keep coming: long enough
// that ending it (waiting for the server to catch up) costs little, short
// enough to be an ordinary statement.
inline constexpr auto max_copy_age = std::chrono::seconds(1);

// One autocommit COPY into `table` that stays open across writes, so the server
// parses what was sent while the next lines are formatted instead of waiting
// for each batch's COPY to start and end. The rows count as written only once
// complete() returns; until then the COPY is an open statement, so its owner
// keeps it short (run_state ends it when its thread has nothing queued and
// after a second at most). write() blocks only while the socket is full: the
// server's pace is the backpressure. A row the server refuses shows as
// complete()'s exception (the server reads ahead of its answer). Destroying an
// open stream ends the COPY and ignores its outcome.
class copy_stream {
public:
    copy_stream(pqxx::connection_base& conn, const std::string& table,
                const std::vector<std::string>& columns);
    copy_stream(const copy_stream&) = delete;
    copy_stream& operator=(const copy_stream&) = delete;

    // `lines` as for copy_in.
    void write(std::string_view lines);
    // Ends the COPY; throws what libpqxx throws.
    void complete();
    std::chrono::steady_clock::duration age() const {
        return std::chrono::steady_clock::now() - opened_;
    }

private:
    pqxx::nontransaction tx_;
    pqxx::tablewriter writer_; // after tx_: destroyed (the COPY ended) first
    std::chrono::steady_clock::time_point opened_ = std::chrono::steady_clock::now();
};

} // namespace cloudsync::store::detail
