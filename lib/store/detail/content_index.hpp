// What a run knows about one table's rows of its account, for change
// detection: (id_hash -> content_hash) loaded at begin into a sorted vector
// (24 bytes a row: 1,000,000 rows cost 24 MB, plus 4 MB of directory and a bit
// each for "seen"), and the rows this run added (a hash map that grows only
// with new rows).
// Keyed 128-bit hashes stand in for native_ids (keyed_hash.hpp): nobody
// without the database's key can aim a collision, and a chance one takes
// about 2^64 rows in one account. Used by one run on its store thread, but
// for holds(), which the run's collectors call from theirs.
#pragma once

#include "core/hash_directory.hpp"
#include "store/detail/keyed_hash.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cloudsync::store::detail {

// Open-addressing map from a row_id to a 64-bit value, 24 bytes a slot. It is
// split by the ids' top byte into 256 tables that grow on their own, each at
// most three quarters full: a growing table briefly holds two copies of
// 1/256th of the map, not of all of it (one table holding a million ids grew
// from 24 to 48 MB with both alive, the largest heap peak of a first load).
// Keys are keyed hashes already, so their low bits pick the slot.
class id_map {
public:
    // The value for key, inserted as `value` when absent; second: inserted.
    std::pair<std::uint64_t*, bool> try_emplace(row_id key, std::uint64_t value);
    // Removes key if present (backward-shift deletion: no tombstones).
    void erase(row_id key);

private:
    struct slot {
        row_id key; // {0, 0} marks a free slot
        std::uint64_t value = 0;
    };
    struct table {
        std::vector<slot> slots; // a power of two, or empty
        std::size_t size = 0;
    };
    table& table_of(row_id key) noexcept { return tables_[key.hi >> 56]; }
    static void grow(table& t);

    std::array<table, 256> tables_;
    bool has_zero_ = false; // key {0, 0} itself lives outside the tables
    std::uint64_t zero_value_ = 0;
};

enum class verdict {
    unchanged, // skip: the table already holds exactly this
    added,     // first sight of this id: COPY straight into the table
    changed,   // content differs (or a duplicate in this run): stage and merge
};

class content_index {
    struct undo {
        row_id id;
        std::uint64_t before;   // content before the scope touched it
        std::uint64_t after;    // content the scope set
        std::size_t loaded = 0; // position in loaded_ (loaded entries)
        enum { loaded_entry, added_changed } what;
    };
    struct added_id {
        row_id id;
        std::uint64_t content; // what the scope added it with
    };

public:
    // What one scope changed in the index, so that a failed scope can take
    // back its content updates and new ids. Grows only with the scope's added
    // and changed records (an unchanged resync logs nothing). New ids are kept
    // apart, 24 bytes each: on a first load every record is one, and a full
    // undo entry for each was 40 of the 158 MB of peak heap at 1,000,000 VMs.
    class journal {
    public:
        bool empty() const noexcept { return changed_.empty() && added_.empty(); }
        std::size_t size() const noexcept { return changed_.size() + added_.size(); }
        // Forgets the log (a completed scope's updates stand) and its memory.
        void clear() noexcept { *this = journal{}; }

    private:
        friend class content_index;
        std::vector<undo> changed_;   // content updates, in order
        std::vector<added_id> added_; // ids first seen by this scope, in order
    };

    void reserve(std::size_t rows) { loaded_.reserve(rows); }
    void add_loaded(row_id id, std::uint64_t content) { loaded_.push_back({id, content}); }
    // Call once after the last add_loaded().
    void seal();

    // Classifies a record and remembers it as seen with this content (the last
    // occurrence of a duplicate id wins); logs what it changed in `log`.
    verdict classify(row_id id, std::uint64_t content, journal& log);

    // Whether `id` was loaded with `content` and holds it still. Any thread
    // may ask, while the store thread classifies, confirms and rolls back:
    // loaded ids do not move after seal() and their contents are read and
    // written as relaxed atomics. A true answer may be stale: confirm() decides.
    bool holds(row_id id, std::uint64_t content) const noexcept;
    // A record found unchanged by holds(), sent without its fields: marks the
    // id seen and returns true when the index holds that content still; false
    // when a record of this run has changed it since (that record stands, the
    // index is left as it is) or the id was never loaded.
    bool confirm(row_id id, std::uint64_t content) noexcept;

    // Takes back what `log` recorded, newest first, and clears it. "Seen"
    // marks stay: a record a failed scope read still exists, so its row must
    // not be deleted as unseen. An entry another scope has changed since is
    // left as that scope set it (scopes of one run interleave; the other
    // scope's value is the newer one).
    void rollback(journal& log);

    // Loaded ids not seen since seal().
    std::vector<row_id> unseen() const;
    std::size_t loaded_size() const noexcept { return loaded_.size(); }

private:
    struct entry {
        row_id id;
        std::uint64_t content;
    };
    // The loaded entry of id, or nullptr.
    const entry* find_loaded(row_id id) const noexcept;

    std::vector<entry> loaded_;
    hash_directory directory_; // over loaded_ once sealed
    std::vector<bool> seen_;
    id_map added_;
};

} // namespace cloudsync::store::detail
