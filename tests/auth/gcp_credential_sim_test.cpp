// The GCP credentials against cloudsim's Google token endpoint and GCE metadata
// route over loopback: each of the three gets a token; many concurrent callers
// cause one token request; a bad signature, a wrong audience, an expired
// assertion and a wrong refresh token are refused with a clear auth_error that
// carries no private key, client secret, refresh token or token; transient 5xx
// answers are retried by http::client.
#include "auth/error.hpp"
#include "auth/gcp/authorized_user_credential.hpp"
#include "auth/gcp/metadata_server_credential.hpp"
#include "auth/gcp/service_account_credential.hpp"
#include "cloudsim/server.hpp"
#include "collectors/run_coroutine.hpp"
#include "test_certificate.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <gtest/gtest.h>

namespace cloudsync::auth::gcp {
namespace {

namespace asio = boost::asio;

const std::string email = "cloudsync@demo-project.iam.gserviceaccount.com";
const std::string key_id = "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c";
const std::string client_id = "764086051850-demo.apps.googleusercontent.com";
const std::string client_secret = "d-FL95Q19q7MQmFpd7hHD0Ty";
const std::string refresh_token = "1//0gdemo-refresh-token-value";

using test::public_key_pem;

const std::shared_ptr<EVP_PKEY>& account_key() {
    static const auto key = test::make_key("rsa", 2048);
    return key;
}

// The system clock shifted by a fixed amount (an assertion signed "in the past").
class shifted_clock final : public cloudsync::clock {
public:
    explicit shifted_clock(std::chrono::seconds by) : by_(by) {}
    steady_time steady() const override { return std::chrono::steady_clock::now(); }
    system_time system() const override { return std::chrono::system_clock::now() + by_; }

private:
    std::chrono::seconds by_;
};

class GcpCredentialSim : public ::testing::Test {
protected:
    GcpCredentialSim() : sim(make_options()) {
        sim.start();
        http_client = std::make_shared<http::client>(io.get_executor(), http::client_options{});
    }

    static cloudsim::options make_options() {
        cloudsim::options o;
        o.inventory.vms_per_subscription = 1;
        o.google_service_accounts.push_back({email, key_id, public_key_pem(account_key().get())});
        o.google_users.push_back({client_id, client_secret, refresh_token});
        return o;
    }

    std::shared_ptr<service_account_credential>
    service_account(const std::string& pem = test::key_pem(account_key().get()),
                    std::shared_ptr<const cloudsync::clock> clock = nullptr) {
        service_account_options o;
        o.key.client_email = email;
        o.key.private_key_id = key_id;
        o.key.private_key = secret(pem);
        o.token_endpoint = sim.base_url() + "/token"; // config's endpoints.token
        o.clock = std::move(clock);
        return std::make_shared<service_account_credential>(http_client, std::move(o));
    }

    std::shared_ptr<authorized_user_credential>
    authorized_user(std::string secret_value = client_secret, std::string refresh = refresh_token) {
        authorized_user_options o;
        o.key.client_id = client_id;
        o.key.client_secret = secret(std::move(secret_value));
        o.key.refresh_token = secret(std::move(refresh));
        o.token_endpoint = sim.base_url() + "/token";
        return std::make_shared<authorized_user_credential>(http_client, std::move(o));
    }

    std::shared_ptr<metadata_server_credential> metadata_server() {
        metadata_server_options o;
        o.endpoint = sim.base_url();
        return std::make_shared<metadata_server_credential>(http_client, std::move(o));
    }

    // The auth_error message of a token fetch (fails the test when there is none).
    std::string refusal(const std::shared_ptr<bearer_authorizer>& credential) {
        try {
            test::run_coroutine(io, credential->token());
        } catch (const auth_error& e) {
            return e.what();
        }
        ADD_FAILURE() << "expected auth_error";
        return {};
    }

    // Nothing secret in an error message: no key material, user secrets or token.
    static void expect_no_secret(const std::string& what) {
        for (const std::string& secret_text :
             {std::string("PRIVATE KEY"), client_secret, refresh_token, std::string("cloudsim.")})
            EXPECT_EQ(what.find(secret_text), std::string::npos) << secret_text << " in: " << what;
    }

    // Twenty concurrent authorize() calls; every header they got.
    std::vector<std::string>
    authorize_concurrently(const std::shared_ptr<bearer_authorizer>& credential) {
        std::vector<std::string> headers;
        for (int i = 0; i < 20; ++i)
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    http::request req;
                    req.url = sim.base_url() + "/compute/v1/projects/p/aggregated/instances";
                    const auto out = co_await credential->authorize(std::move(req));
                    headers.push_back(out.headers.back().second);
                },
                asio::detached);
        io.restart();
        io.run();
        return headers;
    }

    asio::io_context io;
    cloudsim::server sim;
    std::shared_ptr<http::client> http_client;
};

TEST_F(GcpCredentialSim, ServiceAccountGetsATokenForManyWaitersWithOneRequest) {
    const auto cred = service_account();
    const auto headers = authorize_concurrently(cred);
    ASSERT_EQ(headers.size(), 20u);
    for (const auto& h : headers)
        EXPECT_EQ(h, headers.front());
    EXPECT_EQ(headers.front().rfind("Bearer cloudsim.", 0), 0u);
    EXPECT_EQ(sim.stats().count("googleToken"), 1u);
    EXPECT_EQ(sim.stats().tokens_issued, 1u);
    EXPECT_EQ(cred->fetch_count(), 1u);
}

TEST_F(GcpCredentialSim, AuthorizedUserGetsATokenForManyWaitersWithOneRequest) {
    const auto cred = authorized_user();
    const auto headers = authorize_concurrently(cred);
    ASSERT_EQ(headers.size(), 20u);
    EXPECT_EQ(headers.front().rfind("Bearer cloudsim.", 0), 0u);
    EXPECT_EQ(headers.back(), headers.front());
    EXPECT_EQ(sim.stats().count("googleToken"), 1u);
    EXPECT_EQ(cred->fetch_count(), 1u);
}

TEST_F(GcpCredentialSim, MetadataServerGetsATokenForManyWaitersWithOneRequest) {
    const auto cred = metadata_server();
    const auto headers = authorize_concurrently(cred);
    ASSERT_EQ(headers.size(), 20u);
    EXPECT_EQ(headers.front().rfind("Bearer cloudsim.", 0), 0u);
    EXPECT_EQ(headers.back(), headers.front());
    EXPECT_EQ(sim.stats().count("gceMetadataToken"), 1u);
    EXPECT_EQ(cred->fetch_count(), 1u);
}

TEST_F(GcpCredentialSim, AssertionSignedByAnotherKeyIsRefused) {
    const auto other = test::key_pem(test::make_key("rsa", 2048).get());
    const auto what = refusal(service_account(other));
    EXPECT_NE(what.find("token request to " + sim.base_url() +
                        "/token failed: HTTP 400 "
                        "invalid_grant: Invalid JWT Signature."),
              std::string::npos)
        << what;
    expect_no_secret(what);
    EXPECT_EQ(what.find(other.substr(40, 40)), std::string::npos);
    EXPECT_EQ(sim.stats().token_failures, 1u);
}

TEST_F(GcpCredentialSim, AssertionForAnotherAudienceIsRefused) {
    // Same server, other name: the assertion's aud is the URL posted to, which
    // is not the URL the endpoint knows itself by (a proxy or alias in real life).
    service_account_options o;
    o.key.client_email = email;
    o.key.private_key_id = key_id;
    o.key.private_key = secret(test::key_pem(account_key().get()));
    o.token_endpoint = "http://localhost:" + std::to_string(sim.port()) + "/token";
    const auto what = refusal(std::make_shared<service_account_credential>(http_client, o));
    EXPECT_NE(what.find("HTTP 400 invalid_grant: Invalid JWT: Failed audience check. The right "
                        "audience is " +
                        sim.base_url() + "/token"),
              std::string::npos)
        << what;
    expect_no_secret(what);
}

TEST_F(GcpCredentialSim, ExpiredAssertionIsRefused) {
    const auto cred = service_account(test::key_pem(account_key().get()),
                                      std::make_shared<shifted_clock>(std::chrono::hours(-2)));
    const auto what = refusal(cred);
    EXPECT_NE(what.find("HTTP 400 invalid_grant: Invalid JWT: Token must be a short-lived token"),
              std::string::npos)
        << what;
    expect_no_secret(what);
}

TEST_F(GcpCredentialSim, UnknownServiceAccountIsRefused) {
    service_account_options o;
    o.key.client_email = "deleted@demo-project.iam.gserviceaccount.com";
    o.key.private_key_id = key_id;
    o.key.private_key = secret(test::key_pem(account_key().get()));
    o.token_endpoint = sim.base_url() + "/token";
    const auto what = refusal(std::make_shared<service_account_credential>(http_client, o));
    EXPECT_NE(what.find("invalid_grant: Invalid grant: account not found"), std::string::npos)
        << what;
}

TEST_F(GcpCredentialSim, WrongRefreshTokenOrClientSecretIsRefused) {
    const auto revoked = refusal(authorized_user(client_secret, "1//0g-revoked-refresh-value"));
    EXPECT_NE(revoked.find("HTTP 400 invalid_grant: Token has been expired or revoked."),
              std::string::npos)
        << revoked;
    EXPECT_EQ(revoked.find("1//0g-revoked-refresh-value"), std::string::npos) << revoked;
    expect_no_secret(revoked);
    const auto bad_secret = refusal(authorized_user("not-the-client-secret"));
    EXPECT_NE(bad_secret.find("HTTP 401 invalid_client: Unauthorized"), std::string::npos)
        << bad_secret;
    EXPECT_EQ(bad_secret.find("not-the-client-secret"), std::string::npos) << bad_secret;
    expect_no_secret(bad_secret);
}

TEST_F(GcpCredentialSim, MetadataServerWithoutServiceAccountIsAClearError) {
    sim.stop();
    cloudsim::options o = make_options();
    o.gce_metadata.service_account = false;
    cloudsim::server bare(o);
    bare.start();
    metadata_server_options m;
    m.endpoint = bare.base_url();
    const auto what = refusal(std::make_shared<metadata_server_credential>(http_client, m));
    EXPECT_EQ(what, "token request to " + bare.base_url() +
                        "/computeMetadata/v1/instance/service-accounts/default/token failed: HTTP "
                        "404 (no service account is attached to this VM)");
}

TEST_F(GcpCredentialSim, TransientServerErrorsAreRetriedByTheHttpClient) {
    sim.add_fault({cloudsim::fault_kind::server_error, "/token", 1});
    const auto cred = service_account();
    const auto token = test::run_coroutine(io, cred->token());
    EXPECT_EQ(token.reveal().rfind("cloudsim.", 0), 0u);
    EXPECT_EQ(sim.stats().count("googleToken"), 2u); // one 500, one retry
    EXPECT_EQ(cred->fetch_count(), 1u);              // one refresh: no second retry loop
}

TEST_F(GcpCredentialSim, InvalidateFetchesAFreshToken) {
    const auto cred = service_account();
    const auto first = test::run_coroutine(io, cred->token());
    cred->invalidate();
    const auto second = test::run_coroutine(io, cred->token());
    EXPECT_NE(first.reveal(), second.reveal());
    EXPECT_EQ(sim.stats().count("googleToken"), 2u);
}

} // namespace
} // namespace cloudsync::auth::gcp
