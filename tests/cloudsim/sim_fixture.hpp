// Shared GoogleTest fixture for cloudsim's tests: a started server with one
// registered client, a client connection, a token, and helpers that page an
// ARM list to completion.
#pragma once

#include "cloudsim/server.hpp"
#include "cloudsim/test_client.hpp"
#include "support/official_examples.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace cloudsync::cloudsim::testing {

inline const std::string tenant = "11111111-2222-3333-4444-555555555555";
inline const std::string client_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
inline const std::string client_secret = "s3cret~value";

inline options sim_options(std::uint32_t subscriptions = 2, std::uint64_t vms = 50,
                           std::size_t page_size = 20) {
    options o;
    o.inventory.seed = 42;
    o.inventory.subscriptions = subscriptions;
    o.inventory.vms_per_subscription = vms;
    o.inventory.tenant_id = tenant;
    o.page_size = page_size;
    o.clients.push_back({tenant, client_id, client_secret});
    return o;
}

// Tests that call it start with CLOUDSYNC_REQUIRE_EXAMPLES().
inline boost::json::value read_fixture(const std::string& name) {
    return boost::json::parse(cloudsync::test::example_text("azure/" + name));
}

inline std::set<std::string> keys_of(const boost::json::value& v) {
    std::set<std::string> keys;
    for (const auto& kv : v.as_object()) keys.emplace(kv.key());
    return keys;
}

struct listed {
    std::vector<boost::json::value> items;
    std::size_t pages = 0;
};

class sim_test : public ::testing::Test {
protected:
    explicit sim_test(options o = sim_options()) : sim(std::move(o)) {
        sim.start();
        client = std::make_unique<test_client>(sim.port());
    }

    std::string fresh_token() {
        return client->token(tenant, client_id, client_secret, sim.base_url() + "/.default");
    }

    header_list auth() {
        if (token.empty()) token = fresh_token();
        return {{"Authorization", "Bearer " + token}};
    }

    response arm_get(const std::string& target) { return client->get(target, auth()); }

    // A Google authorized user registered with the sim, signed in once with the
    // refresh-token grant: the Authorization header of the GCP route tests.
    header_list google_auth() {
        if (google_token.empty()) {
            const std::string client_id = "client.apps.googleusercontent.com";
            sim.add_google_user({client_id, "client-secret", "1//refresh"});
            const auto res = client->post("/token",
                                          "grant_type=refresh_token&client_id=" + client_id +
                                              "&client_secret=client-secret&refresh_token=" +
                                              form_encode("1//refresh"),
                                          "application/x-www-form-urlencoded");
            EXPECT_EQ(res.result_int(), 200) << res.body();
            google_token = std::string(parse_json(res.body()).at("access_token").as_string());
        }
        return {{"Authorization", "Bearer " + google_token}};
    }

    std::string subscription(std::uint32_t s) { return sim.inventory_snapshot()->subscription_id(s); }

    std::string list_path(std::uint32_t s, const std::string& provider_type,
                          const std::string& api_version = "2024-07-01") {
        return "/subscriptions/" + subscription(s) + "/providers/" + provider_type +
               "?api-version=" + api_version;
    }

    // Follows nextLink verbatim until it is absent; every page must be 200.
    listed list_all(std::string target) {
        listed out;
        for (;;) {
            const auto res = arm_get(target);
            EXPECT_EQ(res.result_int(), 200) << res.body();
            if (res.result_int() != 200) return out;
            ++out.pages;
            const auto page = parse_json(res.body());
            for (const auto& item : page.at("value").as_array()) out.items.push_back(item);
            const auto* next = page.as_object().if_contains("nextLink");
            if (next == nullptr) return out;
            target = std::string(next->as_string());
            EXPECT_EQ(target.rfind(sim.base_url() + "/", 0), 0u) << target;
        }
    }

    server sim;
    std::unique_ptr<test_client> client;
    std::string token;
    std::string google_token;
};

} // namespace cloudsync::cloudsim::testing
