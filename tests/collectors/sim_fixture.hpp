// The loopback setup the collector sim tests share: a started cloudsim with one
// registered client, an http client on the test's io_context with a short
// retry backoff, that client's credential for ARM, and for GCP a Google user's
// credential and the projects to expect. What is not here:
// the estate a test serves (it starts from sim_fixture::options()), the sinks
// (recording_sink.hpp, monitor_sim_sink.hpp) and the collectors' options.
#pragma once

#include "auth/azure/client_secret_credential.hpp"
#include "auth/gcp/authorized_user_credential.hpp"
#include "cloudsim/gcp_estate.hpp"
#include "cloudsim/server.hpp"
#include "core/secret.hpp"
#include "http/client.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::test {

inline const std::string sim_tenant = "11111111-2222-3333-4444-555555555555";
inline const std::string sim_client_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
inline const std::string sim_client_secret = "s3cret~value";

// Retries 10 ms apart, so a test's injected 5xx costs little time.
inline http::client_options quick_retries(int max_attempts = http::retry_policy{}.max_attempts) {
    http::client_options o;
    o.retry.initial_backoff = std::chrono::milliseconds(10);
    o.retry.max_attempts = max_attempts;
    return o;
}

class sim_fixture : public ::testing::Test {
protected:
    explicit sim_fixture(cloudsim::options sim_options,
                         http::client_options http_options = quick_retries())
        : sim(std::move(sim_options)) {
        sim.start();
        http_client = std::make_shared<http::client>(io.get_executor(), http_options);
        credential = make_credential(sim.base_url() + "/.default");
    }

    // A sim whose only client is this fixture's, in its tenant; the test adds
    // the estate (subscriptions, sizes, page sizes).
    static cloudsim::options options(std::uint64_t seed) {
        cloudsim::options o;
        o.inventory.seed = seed;
        o.inventory.tenant_id = sim_tenant;
        o.clients.push_back({sim_tenant, sim_client_id, sim_client_secret});
        return o;
    }

    // Registers a Google authorized user with the sim and returns its
    // credential (the refresh-token grant against the sim's /token): what the
    // GCP collector sim tests sign in with.
    std::shared_ptr<auth::gcp::authorized_user_credential> google_user_credential() {
        const std::string client = "client.apps.googleusercontent.com";
        sim.add_google_user({client, "client-secret", "1//refresh"});
        auth::gcp::authorized_user_options o;
        o.key.client_id = client;
        o.key.client_secret = secret("client-secret");
        o.key.refresh_token = secret("1//refresh");
        o.token_endpoint = sim.base_url() + "/token";
        return std::make_shared<auth::gcp::authorized_user_credential>(http_client, o);
    }

    // The ids of the sim's ACTIVE GCP projects, in order: what a collector
    // walking every visible project reads.
    std::vector<std::string> gcp_active_projects() const {
        std::vector<std::string> out;
        for (const auto& p : sim.gcp_snapshot()->projects())
            if (p.active)
                out.push_back(p.id);
        return out;
    }

    // The registered client's credential for `scope` ("<audience>/.default"),
    // or one presenting another secret.
    std::shared_ptr<auth::azure::client_secret_credential>
    make_credential(std::string scope, std::string client_secret = sim_client_secret) {
        auth::azure::client_secret_options o;
        o.login_endpoint = sim.base_url();
        o.tenant_id = sim_tenant;
        o.client_id = sim_client_id;
        o.client_secret = secret(std::move(client_secret));
        o.scope = std::move(scope);
        return std::make_shared<auth::azure::client_secret_credential>(http_client, o);
    }

    boost::asio::io_context io;
    cloudsim::server sim;
    std::shared_ptr<http::client> http_client;
    std::shared_ptr<auth::azure::client_secret_credential> credential; // ARM's audience
};

} // namespace cloudsync::test
