// What a run knows about one table's rows of its account, for change
// detection: (id_hash -> content_hash) loaded at begin into a sorted vector
// (16 bytes a row: 1,000,000 rows cost 16 MB plus a bit each for "seen"), and
// the rows this run added (a hash map that grows only with new rows).
// 64-bit hashes stand in for native_ids: two ids colliding within one account
// (about 1 in 10^7 at a million rows) could keep a removed row one run longer
// or delete the colliding one; the merge itself upserts by native_id, so no
// record is ever lost. Single-threaded: used by one run on its store thread.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace cloudsync::store::detail {

enum class verdict {
    unchanged, // skip: the table already holds exactly this
    added,     // first sight of this id: COPY straight into the table
    changed,   // content differs (or a duplicate in this run): stage and merge
};

class content_index {
public:
    void reserve(std::size_t rows) { loaded_.reserve(rows); }
    void add_loaded(std::uint64_t id, std::uint64_t content) { loaded_.push_back({id, content}); }
    // Call once after the last add_loaded().
    void seal();

    // Classifies a record and remembers it as seen with this content (the last
    // occurrence of a duplicate id wins).
    verdict classify(std::uint64_t id, std::uint64_t content);

    // Loaded ids not seen since seal().
    std::vector<std::uint64_t> unseen() const;
    std::size_t loaded_size() const noexcept { return loaded_.size(); }

private:
    struct entry {
        std::uint64_t id;
        std::uint64_t content;
    };
    std::vector<entry> loaded_;
    std::vector<bool> seen_;
    std::unordered_map<std::uint64_t, std::uint64_t> added_;
};

} // namespace cloudsync::store::detail
