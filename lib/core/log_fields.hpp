// Structured fields for log records: which account, collector, provider and run
// the code that logs works for. Under journald they become the journal fields
// ACCOUNT=, COLLECTOR=, PROVIDER= and RUN_ID= (log.hpp), so
// `journalctl -u cloudsyncd ACCOUNT=azure-prod` selects one account's records.
//
// A job's fields ride on its executor (log_fields_executor.hpp): every handler
// of the job, on whichever thread, logs with them, and a coroutine that logs
// needs to know nothing about it. Code outside a job logs without fields.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace cloudsync {

struct log_fields {
    std::string account;
    std::string collector; // the collector kind: vms, storage, ...
    std::string provider;  // azure, gcp, aws
    // Set once the run's row exists (0 before: the first records of a job).
    std::atomic<std::uint64_t> run_id{0};
};

// The fields of what runs on this thread now, or nullptr.
const log_fields* current_log_fields() noexcept;

// Makes `fields` the thread's current fields for its lifetime (nesting restores
// the previous ones).
class scoped_log_fields {
public:
    explicit scoped_log_fields(const log_fields* fields) noexcept;
    ~scoped_log_fields();
    scoped_log_fields(const scoped_log_fields&) = delete;
    scoped_log_fields& operator=(const scoped_log_fields&) = delete;

private:
    const log_fields* previous_;
};

} // namespace cloudsync
