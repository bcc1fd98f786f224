#include "store/detail/content_index.hpp"

#include <algorithm>

namespace cloudsync::store::detail {

void content_index::seal() {
    std::sort(loaded_.begin(), loaded_.end(),
              [](const entry& a, const entry& b) { return a.id < b.id; });
    loaded_.shrink_to_fit();
    directory_.build(loaded_.size(), [this](std::size_t at) { return loaded_[at].id; });
    seen_.assign(loaded_.size(), false);
}

verdict content_index::classify(std::uint64_t id, std::uint64_t content, journal& log) {
    const auto [first, last] = directory_.bucket(id);
    const auto end = loaded_.begin() + static_cast<std::ptrdiff_t>(last);
    auto it = std::lower_bound(loaded_.begin() + static_cast<std::ptrdiff_t>(first), end, id,
                               [](const entry& e, std::uint64_t key) { return e.id < key; });
    if (it != end && it->id == id) {
        auto at = static_cast<std::size_t>(it - loaded_.begin());
        seen_[at] = true;
        if (it->content == content)
            return verdict::unchanged;
        log.changed_.push_back({id, it->content, content, at, undo::loaded_entry});
        it->content = content;
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
            if (loaded_[it->loaded].content == it->after)
                loaded_[it->loaded].content = it->before;
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

void hash_map64::erase(std::uint64_t key) {
    if (key == 0) {
        has_zero_ = false;
        return;
    }
    if (slots_.empty())
        return;
    std::size_t mask = slots_.size() - 1;
    std::size_t hole = key & mask;
    while (slots_[hole].first != key) {
        if (slots_[hole].first == 0)
            return;
        hole = (hole + 1) & mask;
    }
    // Shift later members of the probe run back into the hole unless their
    // home slot lies cyclically in (hole, j]: then they must stay put.
    for (std::size_t j = (hole + 1) & mask; slots_[j].first != 0; j = (j + 1) & mask) {
        std::size_t home = slots_[j].first & mask;
        bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (stays)
            continue;
        slots_[hole] = slots_[j];
        hole = j;
    }
    slots_[hole] = {0, 0};
    --size_;
}

std::pair<std::uint64_t*, bool> hash_map64::try_emplace(std::uint64_t key, std::uint64_t value) {
    if (key == 0) {
        bool inserted = !has_zero_;
        if (inserted)
            zero_value_ = value;
        has_zero_ = true;
        return {&zero_value_, inserted};
    }
    if ((size_ + 1) * 2 > slots_.size())
        grow();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask) {
        if (slots_[i].first == key)
            return {&slots_[i].second, false};
        if (slots_[i].first == 0) {
            slots_[i] = {key, value};
            ++size_;
            return {&slots_[i].second, true};
        }
    }
}

void hash_map64::grow() {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> old(slots_.empty() ? 1024
                                                                            : slots_.size() * 2);
    old.swap(slots_);
    std::size_t mask = slots_.size() - 1;
    for (const auto& [key, value] : old) {
        if (key == 0)
            continue;
        std::size_t i = key & mask;
        while (slots_[i].first != 0)
            i = (i + 1) & mask;
        slots_[i] = {key, value};
    }
}

std::vector<std::uint64_t> content_index::unseen() const {
    std::vector<std::uint64_t> out;
    for (std::size_t i = 0; i < loaded_.size(); ++i)
        if (!seen_[i])
            out.push_back(loaded_[i].id);
    return out;
}

} // namespace cloudsync::store::detail
