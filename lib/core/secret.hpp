// A secret value (password, client secret, token). It cannot be streamed,
// formatted or converted implicitly: the only way to the bytes is reveal(),
// which makes every use greppable. Config resolves references into secrets.
#pragma once

#include <string>
#include <utility>

namespace cloudsync {

class secret {
public:
    secret() = default;
    explicit secret(std::string value) : value_(std::move(value)) {}

    const std::string& reveal() const noexcept { return value_; }
    bool empty() const noexcept { return value_.empty(); }

    friend bool operator==(const secret&, const secret&) = default;

private:
    std::string value_;
};

} // namespace cloudsync
