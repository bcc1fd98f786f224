#include "collectors/azure/vm_collector.hpp"

#include "collectors/azure/address_index.hpp"
#include "collectors/azure/detail/arm_client.hpp"
#include "collectors/azure/network_pages.hpp"
#include "collectors/azure/subscriptions.hpp"
#include "collectors/azure/vm_page.hpp"
#include "collectors/errors.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

namespace {

// Subscription ids go into URL paths: only GUID characters are accepted.
bool valid_subscription(const std::string& id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) || c == '-';
    });
}

void join(vm_item& vm, const address_index& index) {
    auto& columns = std::get<inventory::vm_columns>(vm.record.columns);
    for (const auto& nic : vm.nic_ids)
        index.append_addresses(nic, columns.private_ips, columns.public_ips);
}

} // namespace

vm_collector::vm_collector(std::shared_ptr<http::client> client,
                           std::shared_ptr<auth::authorizer> credentials,
                           vm_collector_options options)
    : options_(std::move(options)),
      arm_(std::make_unique<detail::arm_client>(std::move(client), std::move(credentials),
                                                options_.management_endpoint)) {
    if (options_.batch_size == 0)
        throw options_error("azure vm collector: batch size is 0");
    for (const auto& id : options_.subscriptions)
        if (!valid_subscription(id))
            throw options_error("azure vm collector: subscription id is not a GUID: " + id);
}

vm_collector::~vm_collector() = default;

asio::awaitable<void> vm_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    // Not a conditional expression: g++ 12 miscompiles co_await inside ?: (the
    // unevaluated branch's temporary is destroyed).
    std::vector<std::string> list = options_.subscriptions;
    if (list.empty())
        list = co_await subscriptions();
    for (const auto& subscription : list)
        co_await collect_subscription(subscription, sink);
}

asio::awaitable<std::vector<std::string>> vm_collector::subscriptions() {
    std::vector<std::string> out;
    std::optional<std::string> url =
        arm_->url("/subscriptions?api-version=" + options_.subscriptions_api_version);
    while (url) {
        const std::string body = co_await arm_->get(*url);
        auto page = parse_subscriptions_page(body, *url);
        for (auto& item : page.items) {
            if (item.state == "Deleted")
                continue; // nothing left to list there
            if (!valid_subscription(item.subscription_id))
                throw page_error("malformed page from GET " + url_path(*url) +
                                 ": subscriptionId is not a GUID");
            out.push_back(std::move(item.subscription_id));
        }
        url = std::move(page.next_link);
    }
    spdlog::debug("azure: {} subscriptions visible", out.size());
    co_return out;
}

asio::awaitable<void>
vm_collector::collect_subscription(std::string subscription,
                                   std::shared_ptr<inventory::record_sink> sink) {
    const std::string base = "/subscriptions/" + subscription + "/providers/";
    address_index index;
    // Public IPs first, so each NIC's public IP id resolves as the NIC is added
    // and the public IP table can be dropped before the VMs are paged.
    std::optional<std::string> url = arm_->url(
        base + "Microsoft.Network/publicIPAddresses?api-version=" + options_.network_api_version);
    while (url) {
        const std::string body = co_await arm_->get(*url);
        const auto page = parse_public_ip_page(body, *url);
        for (const auto& ip : page.items)
            index.add_public_ip(ip);
        url = page.next_link;
    }
    url = arm_->url(
        base + "Microsoft.Network/networkInterfaces?api-version=" + options_.network_api_version);
    while (url) {
        const std::string body = co_await arm_->get(*url);
        const auto page = parse_network_interface_page(body, *url);
        for (const auto& nic : page.items)
            index.add_network_interface(nic);
        url = page.next_link;
    }
    index.seal();

    std::vector<inventory::record> batch;
    batch.reserve(options_.batch_size);
    std::size_t vms = 0;
    url = arm_->url(base + "Microsoft.Compute/virtualMachines?api-version=" +
                    options_.compute_api_version + "&statusOnly=true");
    while (url) {
        const std::string body = co_await arm_->get(*url);
        auto page = parse_vm_page(body, *url);
        for (auto& vm : page.items) {
            join(vm, index);
            batch.push_back(std::move(vm.record));
            if (batch.size() == options_.batch_size) {
                vms += batch.size();
                std::vector<inventory::record> full;
                full.reserve(options_.batch_size);
                full.swap(batch);
                co_await sink->write(std::move(full));
            }
        }
        url = std::move(page.next_link);
    }
    vms += batch.size();
    if (!batch.empty())
        co_await sink->write(std::move(batch));
    spdlog::debug("azure: subscription {}: {} VMs, {} NIC addresses, {} API calls so far",
                  subscription, vms, index.nic_rows(), arm_->calls());
}

} // namespace cloudsync::collectors::azure
