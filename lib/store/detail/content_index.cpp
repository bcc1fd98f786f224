#include "store/detail/content_index.hpp"

#include <algorithm>
#include <atomic>

namespace cloudsync::store::detail {

void content_index::seal() {
    std::sort(loaded_.begin(), loaded_.end(),
              [](const entry& a, const entry& b) { return a.id < b.id; });
    loaded_.shrink_to_fit();
    directory_.build(loaded_.size(), [this](std::size_t at) { return loaded_[at].id.hi; });
    seen_.assign(loaded_.size(), false);
}

namespace {
// A loaded entry's content, which holds() reads from other threads.
std::uint64_t read_content(const std::uint64_t& content) noexcept {
    // atomic_ref needs a mutable object; loaded_ is one, read here through const.
    return std::atomic_ref<std::uint64_t>(const_cast<std::uint64_t&>(content))
        .load(std::memory_order_relaxed);
}
void write_content(std::uint64_t& content, std::uint64_t value) noexcept {
    std::atomic_ref<std::uint64_t>(content).store(value, std::memory_order_relaxed);
}
} // namespace

const content_index::entry* content_index::find_loaded(row_id id) const noexcept {
    const auto [first, last] = directory_.bucket(id.hi);
    const auto end = loaded_.begin() + static_cast<std::ptrdiff_t>(last);
    auto it = std::lower_bound(loaded_.begin() + static_cast<std::ptrdiff_t>(first), end, id,
                               [](const entry& e, row_id key) { return e.id < key; });
    return it != end && it->id == id ? &*it : nullptr;
}

bool content_index::holds(row_id id, std::uint64_t content) const noexcept {
    const auto* found = find_loaded(id);
    return found != nullptr && read_content(found->content) == content;
}

bool content_index::confirm(row_id id, std::uint64_t content) noexcept {
    const auto* found = find_loaded(id);
    if (found == nullptr)
        return false;
    seen_[static_cast<std::size_t>(found - loaded_.data())] = true;
    return read_content(found->content) == content;
}

verdict content_index::classify(row_id id, std::uint64_t content, journal& log) {
    if (const auto* found = find_loaded(id); found != nullptr) {
        auto at = static_cast<std::size_t>(found - loaded_.data());
        auto& held = loaded_[at].content;
        seen_[at] = true;
        const auto before = read_content(held);
        if (before == content)
            return verdict::unchanged;
        log.changed_.push_back({id, before, content, at, undo::loaded_entry});
        write_content(held, content);
        return verdict::changed;
    }
    auto [added, inserted] = added_.try_emplace(id, content);
    if (inserted) {
        log.added_.push_back({id, content});
        return verdict::added;
    }
    if (*added == content)
        return verdict::unchanged;
    log.changed_.push_back({id, *added, content, 0, undo::added_changed});
    *added = content;
    return verdict::changed;
}

void content_index::rollback(journal& log) {
    // Updates newest first, so an id touched twice ends at its state before
    // the scope; then the new ids. Within one scope a new id's updates all
    // come after its addition, so undoing every update first and every
    // addition last is the same as undoing the whole log newest first.
    for (auto it = log.changed_.rbegin(); it != log.changed_.rend(); ++it) {
        switch (it->what) {
        case undo::loaded_entry:
            if (auto& held = loaded_[it->loaded].content; read_content(held) == it->after)
                write_content(held, it->before);
            break;
        case undo::added_changed:
            if (auto [value, inserted] = added_.try_emplace(it->id, it->before); inserted)
                added_.erase(it->id); // not ours to restore: it was taken back meanwhile
            else if (*value == it->after)
                *value = it->before;
            break;
        }
    }
    for (auto it = log.added_.rbegin(); it != log.added_.rend(); ++it)
        if (auto [value, inserted] = added_.try_emplace(it->id, it->content);
            inserted || *value == it->content)
            added_.erase(it->id);
    log.clear();
}

namespace {
constexpr row_id free_key{};
std::size_t home_of(row_id key, std::size_t mask) {
    return static_cast<std::size_t>(key.lo) & mask;
}
} // namespace

void id_map::erase(row_id key) {
    if (key == free_key) {
        has_zero_ = false;
        return;
    }
    auto& t = table_of(key);
    if (t.slots.empty())
        return;
    const std::size_t mask = t.slots.size() - 1;
    std::size_t hole = home_of(key, mask);
    while (t.slots[hole].key != key) {
        if (t.slots[hole].key == free_key)
            return;
        hole = (hole + 1) & mask;
    }
    // Shift later members of the probe run back into the hole unless their
    // home slot lies cyclically in (hole, j]: then they must stay put.
    for (std::size_t j = (hole + 1) & mask; t.slots[j].key != free_key; j = (j + 1) & mask) {
        const std::size_t home = home_of(t.slots[j].key, mask);
        const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (stays)
            continue;
        t.slots[hole] = t.slots[j];
        hole = j;
    }
    t.slots[hole] = {};
    --t.size;
}

std::pair<std::uint64_t*, bool> id_map::try_emplace(row_id key, std::uint64_t value) {
    if (key == free_key) {
        bool inserted = !has_zero_;
        if (inserted)
            zero_value_ = value;
        has_zero_ = true;
        return {&zero_value_, inserted};
    }
    auto& t = table_of(key);
    if ((t.size + 1) * 4 > t.slots.size() * 3)
        grow(t);
    const std::size_t mask = t.slots.size() - 1;
    for (std::size_t i = home_of(key, mask);; i = (i + 1) & mask) {
        if (t.slots[i].key == key)
            return {&t.slots[i].value, false};
        if (t.slots[i].key == free_key) {
            t.slots[i] = {key, value};
            ++t.size;
            return {&t.slots[i].value, true};
        }
    }
}

void id_map::grow(table& t) {
    std::vector<slot> old(t.slots.empty() ? 16 : t.slots.size() * 2);
    old.swap(t.slots);
    const std::size_t mask = t.slots.size() - 1;
    for (const auto& entry : old) {
        if (entry.key == free_key)
            continue;
        std::size_t i = home_of(entry.key, mask);
        while (t.slots[i].key != free_key)
            i = (i + 1) & mask;
        t.slots[i] = entry;
    }
}

std::vector<row_id> content_index::unseen() const {
    std::vector<row_id> out;
    for (std::size_t i = 0; i < loaded_.size(); ++i)
        if (!seen_[i])
            out.push_back(loaded_[i].id);
    return out;
}

} // namespace cloudsync::store::detail
