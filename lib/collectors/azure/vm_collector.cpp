#include "collectors/azure/vm_collector.hpp"

#include "collectors/azure/address_index.hpp"
#include "collectors/azure/detail/arm_client.hpp"
#include "collectors/azure/detail/batch_writer.hpp"
#include "collectors/azure/detail/scopes.hpp"
#include "collectors/azure/network_pages.hpp"
#include "collectors/azure/vm_page.hpp"
#include "collectors/errors.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

namespace {

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
      arm_(std::make_shared<detail::arm_client>(std::move(client), std::move(credentials),
                                                options_.management_endpoint)) {
    if (options_.batch_size == 0)
        throw options_error("azure vm collector: batch size is 0");
    detail::check_subscriptions(options_.subscriptions, "vm");
}

vm_collector::~vm_collector() = default;

asio::awaitable<void> vm_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        arm_, std::move(walk), sink,
        // Not a coroutine lambda: the captures are copied into collect_subscription's
        // parameters, so nothing refers to the closure once the call returns.
        [this, sink](std::string subscription) {
            return collect_subscription(std::move(subscription), sink);
        });
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

    detail::batch_writer out(sink, options_.batch_size);
    url = arm_->url(base + "Microsoft.Compute/virtualMachines?api-version=" +
                    options_.compute_api_version + "&statusOnly=true");
    while (url) {
        const std::string body = co_await arm_->get(*url);
        auto page = parse_vm_page(body, *url);
        for (auto& vm : page.items) {
            join(vm, index);
            co_await out.add(std::move(vm.record));
        }
        url = std::move(page.next_link);
    }
    co_await out.flush();
    const std::size_t vms = out.written();
    spdlog::debug("azure: subscription {}: {} VMs, {} NIC addresses, {} API calls so far",
                  subscription, vms, index.nic_rows(), arm_->calls());
}

} // namespace cloudsync::collectors::azure
