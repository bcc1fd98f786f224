// The Azure client-secret credential against cloudsim's Entra ID token endpoint
// and ARM over loopback: one token for concurrent callers, a 401 refreshes once,
// a rejected secret is a clear auth_error that does not repeat the secret.
#include "auth/authorizer.hpp"
#include "auth/azure/client_secret_credential.hpp"
#include "auth/error.hpp"
#include "cloudsim/server.hpp"
#include "collectors/run_coroutine.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <gtest/gtest.h>

namespace cloudsync::auth::azure {
namespace {

namespace asio = boost::asio;

const std::string tenant = "11111111-2222-3333-4444-555555555555";
const std::string client_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const std::string client_secret = "s3cret~value&more=";

class CredentialSim : public ::testing::Test {
protected:
    CredentialSim() : sim(make_options()) {
        sim.start();
        http_client = std::make_shared<http::client>(io.get_executor(), http::client_options{});
    }

    static cloudsim::options make_options() {
        cloudsim::options o;
        o.inventory.subscriptions = 1;
        o.inventory.vms_per_subscription = 3;
        o.inventory.tenant_id = tenant;
        o.clients.push_back({tenant, client_id, client_secret});
        return o;
    }

    std::shared_ptr<client_secret_credential> credential(std::string secret_value = client_secret) {
        client_secret_options o;
        o.login_endpoint = sim.base_url();
        o.tenant_id = tenant;
        o.client_id = client_id;
        o.client_secret = secret(std::move(secret_value));
        o.scope = default_scope(sim.base_url() + "/");
        return std::make_shared<client_secret_credential>(http_client, std::move(o));
    }

    asio::io_context io;
    cloudsim::server sim;
    std::shared_ptr<http::client> http_client;
};

TEST_F(CredentialSim, ConcurrentCallersShareOneTokenRequest) {
    const auto cred = credential();
    std::vector<std::string> headers;
    for (int i = 0; i < 20; ++i)
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                http::request req;
                req.url = sim.base_url() + "/subscriptions?api-version=2022-12-01";
                const auto out = co_await cred->authorize(std::move(req));
                headers.push_back(out.headers.back().second);
            },
            asio::detached);
    io.run();
    ASSERT_EQ(headers.size(), 20u);
    for (const auto& h : headers)
        EXPECT_EQ(h, headers.front());
    EXPECT_EQ(headers.front().rfind("Bearer ", 0), 0u);
    EXPECT_EQ(sim.stats().tokens_issued, 1u);
    EXPECT_EQ(sim.stats().count("token"), 1u);
    EXPECT_EQ(cred->fetch_count(), 1u);
}

TEST_F(CredentialSim, UnauthorizedRefreshesTheTokenOnceAndRetries) {
    const auto cred = credential();
    auto get = [&]() -> asio::awaitable<http::response> {
        http::request req;
        req.url = sim.base_url() + "/subscriptions?api-version=2022-12-01";
        co_return co_await send(http_client, cred, std::move(req));
    };
    EXPECT_EQ(test::run_coroutine(io, get()).status, 200u);
    sim.expire_tokens();
    const auto res = test::run_coroutine(io, get());
    EXPECT_EQ(res.status, 200u) << res.body;
    const auto stats = sim.stats();
    EXPECT_EQ(stats.auth_failures, 1u);
    EXPECT_EQ(stats.tokens_issued, 2u);
    EXPECT_EQ(cred->fetch_count(), 2u);
}

TEST_F(CredentialSim, PersistentUnauthorizedIsReturnedAfterOneRetry) {
    const auto cred = credential();
    // Every ARM request expires all tokens first: the retry fails too, and stops.
    sim.add_fault({cloudsim::fault_kind::expire_tokens, "/subscriptions", 5});
    http::request req;
    req.url = sim.base_url() + "/subscriptions?api-version=2022-12-01";
    const auto res = test::run_coroutine(io, send(http_client, cred, std::move(req)));
    EXPECT_EQ(res.status, 401u);
    EXPECT_EQ(sim.stats().auth_failures, 2u);
    EXPECT_EQ(sim.stats().tokens_issued, 2u);
}

TEST_F(CredentialSim, RejectedSecretIsAClearErrorWithoutTheSecret) {
    const auto cred = credential("wrong-secret-value");
    try {
        test::run_coroutine(io, cred->token());
        FAIL() << "expected auth_error";
    } catch (const auth_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(sim.base_url() + "/" + tenant + "/oauth2/v2.0/token"),
                  std::string::npos)
            << what;
        EXPECT_NE(what.find("HTTP 4"), std::string::npos) << what;
        EXPECT_NE(what.find("invalid_client"), std::string::npos) << what;
        EXPECT_EQ(what.find("wrong-secret-value"), std::string::npos) << what;
    }
}

TEST(DefaultScope, AppendsDotDefaultToTheResource) {
    EXPECT_EQ(default_scope("https://management.azure.com"),
              "https://management.azure.com/.default");
    EXPECT_EQ(default_scope("https://management.azure.com/"),
              "https://management.azure.com/.default");
}

TEST_F(CredentialSim, RejectsOptionsThatCannotWork) {
    client_secret_options o;
    o.tenant_id = "../evil";
    o.client_id = client_id;
    o.client_secret = secret("x");
    EXPECT_THROW(client_secret_credential(http_client, o), auth_error);
    o.tenant_id = tenant;
    o.client_secret = secret();
    EXPECT_THROW(client_secret_credential(http_client, o), auth_error);
    o.client_secret = secret("x");
    EXPECT_NO_THROW(client_secret_credential(http_client, o));
    EXPECT_EQ(client_secret_credential(http_client, o).token_url(),
              "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token");
}

} // namespace
} // namespace cloudsync::auth::azure
