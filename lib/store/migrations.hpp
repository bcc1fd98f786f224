// The schema migrations compiled into the binary (generated from sql/NNNN_*.sql
// at build time) and the runner's version bookkeeping. Applying them is
// database::migrate(); this header only describes what the binary knows.
#pragma once

#include <span>
#include <string_view>

namespace cloudsync::store {

struct migration {
    int version;           // NNNN of the file name
    std::string_view name; // file name without .sql
    std::string_view sql;
};

// All migrations, ascending by version.
std::span<const migration> embedded_migrations() noexcept;

// The newest version this binary knows (0 when there are none).
int known_schema_version() noexcept;

} // namespace cloudsync::store
