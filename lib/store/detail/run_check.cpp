#include "store/detail/run_check.hpp"

#include "store/detail/run_state.hpp"

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;
namespace {

class run_check final : public inv::content_check {
public:
    run_check(std::shared_ptr<const run_state> state, const content_index& index, std::string scope)
        : state_(std::move(state)), index_(index), key_(state_->key()), scope_(std::move(scope)) {}

    // The scope comes first, as record_hash adds it: a row read in another
    // scope is rewritten.
    inv::content_key key(std::string_view native_id,
                         std::span<const std::string_view> parts) const override {
        thread_local keyed_hash::content h; // no allocation per record
        h.begin(key_);
        h.add(scope_);
        h.add(static_cast<std::uint64_t>(parts.size()));
        for (const auto part : parts)
            h.add(part);
        const auto content = h.value();
        const auto id = key_.id(native_id);
        return {id.hi, id.lo, content};
    }

    bool holds(const inv::content_key& key) const noexcept override {
        return index_.holds(row_id{key.id_hi, key.id_lo}, key.content);
    }

private:
    std::shared_ptr<const run_state> state_; // owns index_ and key_
    const content_index& index_;
    const keyed_hash& key_;
    std::string scope_;
};

} // namespace

std::shared_ptr<const inv::content_check> make_run_check(std::shared_ptr<const run_state> state,
                                                         inv::table table, std::string scope) {
    const auto* index = state->index_of(table);
    if (index == nullptr)
        return nullptr;
    return std::make_shared<run_check>(std::move(state), *index, std::move(scope));
}

} // namespace cloudsync::store::detail
