#include "config/config.hpp"

#include <algorithm>
#include <thread>

namespace cloudsync::config {

std::string to_string(const listen_address& address) {
    if (address.kind == listen_address::family::unix_socket)
        return "unix:" + address.path;
    auto port = ":" + std::to_string(address.port);
    if (address.host.find(':') != std::string::npos)
        return "[" + address.host + "]" + port;
    return address.host + port;
}

bool account::collects(cloudsync::collector_kind kind) const noexcept {
    return std::find(collectors.begin(), collectors.end(), kind) != collectors.end();
}

std::size_t collection_config::threads() const noexcept {
    if (parse_threads > 0)
        return parse_threads;
    return std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

const tenant* config::find_tenant(std::string_view name) const noexcept {
    for (const auto& t : tenants)
        if (t.name == name)
            return &t;
    return nullptr;
}

const account* config::find_account(std::string_view name) const noexcept {
    for (const auto& a : accounts)
        if (a.name == name)
            return &a;
    return nullptr;
}

} // namespace cloudsync::config
