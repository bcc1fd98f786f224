#include "core/log_fields.hpp"

namespace cloudsync {
namespace {

thread_local const log_fields* current = nullptr;

} // namespace

const log_fields* current_log_fields() noexcept {
    return current;
}

scoped_log_fields::scoped_log_fields(const log_fields* fields) noexcept : previous_(current) {
    current = fields;
}

scoped_log_fields::~scoped_log_fields() {
    current = previous_;
}

} // namespace cloudsync
