#include "collectors/azure/vm_collector.hpp"

#include "collectors/azure/address_index.hpp"
#include "collectors/azure/detail/arm.hpp"
#include "collectors/azure/network_pages.hpp"
#include "collectors/azure/vm_page.hpp"
#include "collectors/common/batch_writer.hpp"
#include "collectors/errors.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <spdlog/spdlog.h>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

namespace {

// One subscription's read: three lists at once around one address index.
struct vm_scope {
    vm_scope(asio::any_io_executor ex, inventory::scope_sink& sink, std::size_t batch_size)
        : sealed(ex, asio::steady_timer::time_point::max()), out(sink, batch_size) {}

    // Both address lists complete: the index is sealed and VMs may be emitted.
    void address_list_done() {
        if (--address_lists_left == 0) {
            index.seal();
            sealed.cancel();
        }
    }
    asio::awaitable<void> wait_sealed() {
        while (address_lists_left > 0) {
            auto [ec] = co_await sealed.async_wait(asio::as_tuple(asio::use_awaitable));
            if (address_lists_left > 0 && ec == asio::error::operation_aborted)
                throw boost::system::system_error(ec); // cancelled: another list failed
        }
    }

    address_index index;
    int address_lists_left = 2;
    asio::steady_timer sealed; // cancelled once the index is sealed
    common::batch_writer out;
};

asio::awaitable<void> read_public_ips(common::engine_context engine,
                                      std::shared_ptr<common::api_client> arm,
                                      std::string subscription, std::string url,
                                      std::shared_ptr<vm_scope> scope) {
    co_await detail::arm_list<public_ip>(
        engine, arm, subscription, std::move(url),
        [](const raw_page& page, std::string_view u) {
            return parse_public_ip_page(page, u).items;
        },
        [scope](std::vector<public_ip> items) -> asio::awaitable<void> {
            for (const auto& ip : items)
                scope->index.add_public_ip(ip);
            co_return;
        },
        &public_ip_page_fields());
    scope->address_list_done();
}

asio::awaitable<void> read_nics(common::engine_context engine,
                                std::shared_ptr<common::api_client> arm, std::string subscription,
                                std::string url, std::shared_ptr<vm_scope> scope) {
    co_await detail::arm_list<network_interface>(
        engine, arm, subscription, std::move(url),
        [](const raw_page& page, std::string_view u) {
            return parse_network_interface_page(page, u).items;
        },
        [scope](std::vector<network_interface> items) -> asio::awaitable<void> {
            for (const auto& nic : items)
                scope->index.add_network_interface(nic);
            co_return;
        },
        &network_interface_page_fields());
    scope->address_list_done();
}

// VM pages are fetched while the address lists run; each is parsed and built
// once the index is sealed (the pager holds one page meanwhile), so each VM is
// checked against the run before its record is built: a VM the table holds
// unchanged costs its parse and two keyed hashes, and no record.
asio::awaitable<void> read_vms(common::engine_context engine,
                               std::shared_ptr<common::api_client> arm, std::string subscription,
                               std::string url, std::shared_ptr<vm_scope> scope,
                               std::shared_ptr<const inventory::content_check> check) {
    co_await detail::arm_list_pages<vm_page_records>(
        engine, arm, subscription, std::move(url),
        [scope, check](const raw_page& page, std::string_view u) {
            return build_vm_records(page, u, scope->index, check.get());
        },
        [scope](vm_page_records page) -> asio::awaitable<void> {
            if (!page.unchanged.empty())
                co_await scope->out.add_unchanged(inventory::table::vms, std::move(page.unchanged));
            co_await scope->out.add_all(std::move(page.records));
        },
        &vm_page_fields(), [scope] { return scope->wait_sealed(); });
}

} // namespace

vm_collector::vm_collector(common::engine_context engine,
                           std::shared_ptr<auth::authorizer> credentials,
                           vm_collector_options options)
    : options_(std::move(options)), engine_(std::move(engine)),
      arm_(detail::make_arm_client(engine_.http, std::move(credentials),
                                   options_.management_endpoint, options_.throttle)) {
    if (options_.batch_size == 0)
        throw options_error("azure vm collector: batch size is 0");
    detail::check_subscriptions(options_.subscriptions, "vm");
}

vm_collector::~vm_collector() = default;

asio::awaitable<void> vm_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        engine_, arm_, std::move(walk), std::move(sink),
        // Not a coroutine lambda: its arguments are copied into collect_subscription's
        // parameters, so nothing refers to the closure once the call returns.
        [this](std::string subscription, inventory::scope_sink& out) {
            return collect_subscription(std::move(subscription), out);
        });
}

asio::awaitable<void> vm_collector::collect_subscription(std::string subscription,
                                                         inventory::scope_sink& out) {
    const auto ex = co_await asio::this_coro::executor;
    const std::string base = "/subscriptions/" + subscription + "/providers/";
    const std::string network_version = "?api-version=" + options_.network_api_version;
    auto scope = std::make_shared<vm_scope>(ex, out, options_.batch_size);
    auto [order, ip_error, nic_error, vm_error] =
        co_await asio::experimental::make_parallel_group(
            asio::co_spawn(ex,
                           read_public_ips(engine_, arm_, subscription,
                                           arm_->url(base + "Microsoft.Network/publicIPAddresses" +
                                                     network_version),
                                           scope),
                           asio::deferred),
            asio::co_spawn(
                ex,
                read_nics(engine_, arm_, subscription,
                          arm_->url(base + "Microsoft.Network/networkInterfaces" + network_version),
                          scope),
                asio::deferred),
            asio::co_spawn(
                ex,
                read_vms(engine_, arm_, subscription,
                         arm_->url(base + "Microsoft.Compute/virtualMachines?api-version=" +
                                   options_.compute_api_version + "&statusOnly=true"),
                         scope, out.checker(inventory::table::vms)),
                asio::deferred))
            .async_wait(asio::experimental::wait_for_one_error(), asio::use_awaitable);
    // The first list to fail is the cause; the others were cancelled because of it.
    const std::exception_ptr errors[] = {ip_error, nic_error, vm_error};
    for (const auto which : order)
        if (errors[which])
            std::rethrow_exception(errors[which]);
    co_await scope->out.flush();
    spdlog::debug("azure: subscription {}: {} VMs written, {} unchanged, {} NIC addresses, {} API "
                  "calls so far",
                  subscription, scope->out.written(), scope->out.unchanged(),
                  scope->index.nic_rows(), arm_->calls());
}

} // namespace cloudsync::collectors::azure
