#include "store/detail/content_index.hpp"

#include <algorithm>

namespace cloudsync::store::detail {

void content_index::seal() {
    std::sort(loaded_.begin(), loaded_.end(),
              [](const entry& a, const entry& b) { return a.id < b.id; });
    loaded_.shrink_to_fit();
    seen_.assign(loaded_.size(), false);
}

verdict content_index::classify(std::uint64_t id, std::uint64_t content) {
    auto it = std::lower_bound(loaded_.begin(), loaded_.end(), id,
                               [](const entry& e, std::uint64_t key) { return e.id < key; });
    if (it != loaded_.end() && it->id == id) {
        seen_[static_cast<std::size_t>(it - loaded_.begin())] = true;
        if (it->content == content)
            return verdict::unchanged;
        it->content = content;
        return verdict::changed;
    }
    auto [added, inserted] = added_.try_emplace(id, content);
    if (inserted)
        return verdict::added;
    if (added->second == content)
        return verdict::unchanged;
    added->second = content;
    return verdict::changed;
}

std::vector<std::uint64_t> content_index::unseen() const {
    std::vector<std::uint64_t> out;
    for (std::size_t i = 0; i < loaded_.size(); ++i)
        if (!seen_[i])
            out.push_back(loaded_[i].id);
    return out;
}

} // namespace cloudsync::store::detail
