#include "cloudsim/sim_fixture.hpp"

namespace cloudsync::cloudsim::testing {
namespace {

class EntraTokenTest : public sim_test {
protected:
    response request_token(const std::string& body, const std::string& tenant_id = tenant) {
        return client->post("/" + tenant_id + "/oauth2/v2.0/token", body, "application/x-www-form-urlencoded");
    }
    std::string scope() { return sim.base_url() + "/.default"; }

    // The error body must have exactly the keys of the official example.
    void expect_error(const response& res, unsigned status, const std::string& error, std::int64_t code) {
        EXPECT_EQ(res.result_int(), status) << res.body();
        const auto body = parse_json(res.body());
        EXPECT_EQ(keys_of(body), keys_of(read_fixture("identity.token.clientCredentials.error.json")));
        EXPECT_EQ(body.at("error").as_string(), error);
        EXPECT_EQ(body.at("error_codes").as_array().at(0).as_int64(), code);
        const std::string description(body.at("error_description").as_string());
        EXPECT_EQ(description.rfind("AADSTS" + std::to_string(code) + ": ", 0), 0u) << description;
        EXPECT_NE(description.find("\r\nTrace ID: " + std::string(body.at("trace_id").as_string())),
                  std::string::npos);
        EXPECT_EQ(description.find(client_secret), std::string::npos);
    }
};

TEST_F(EntraTokenTest, IssuesTokenInOfficialShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto res = request_token(client->form_token_body(client_id, client_secret, scope()));
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const auto body = parse_json(res.body());
    EXPECT_EQ(keys_of(body), keys_of(read_fixture("identity.token.clientCredentials.success.json")));
    EXPECT_EQ(body.at("token_type").as_string(), "Bearer");
    EXPECT_EQ(body.at("expires_in").as_int64(), 3599);
    EXPECT_GE(body.at("access_token").as_string().size(), 32u);
    const auto second = parse_json(request_token(client->form_token_body(client_id, client_secret, scope())).body());
    EXPECT_NE(second.at("access_token"), body.at("access_token"));
    EXPECT_EQ(sim.stats().tokens_issued, 2u);
}

TEST_F(EntraTokenTest, AcceptsManagementScopeWithDoubleSlash) {
    const auto res = request_token(client->form_token_body(client_id, client_secret, sim.base_url() + "//.default"));
    EXPECT_EQ(res.result_int(), 200) << res.body();
}

TEST_F(EntraTokenTest, RejectsWrongSecret) {
    CLOUDSYNC_REQUIRE_EXAMPLES(); // expect_error compares with the official error shape
    expect_error(request_token(client->form_token_body(client_id, "wrong", scope())), 401, "invalid_client", 7000215);
    EXPECT_EQ(sim.stats().token_failures, 1u);
}

TEST_F(EntraTokenTest, RejectsForeignScope) {
    CLOUDSYNC_REQUIRE_EXAMPLES(); // expect_error compares with the official error shape
    expect_error(request_token(client->form_token_body(client_id, client_secret, "https://foo.microsoft.com/.default")),
                 400, "invalid_scope", 70011);
}

TEST_F(EntraTokenTest, RejectsUnknownClient) {
    CLOUDSYNC_REQUIRE_EXAMPLES(); // expect_error compares with the official error shape
    expect_error(request_token(client->form_token_body("nobody", client_secret, scope())), 400,
                 "unauthorized_client", 700016);
}

TEST_F(EntraTokenTest, RejectsUnsupportedGrant) {
    CLOUDSYNC_REQUIRE_EXAMPLES(); // expect_error compares with the official error shape
    expect_error(request_token(client->form_token_body(client_id, client_secret, scope(), "password")), 400,
                 "unsupported_grant_type", 70003);
}

TEST_F(EntraTokenTest, RejectsUnknownTenantAndMissingParameters) {
    CLOUDSYNC_REQUIRE_EXAMPLES(); // expect_error compares with the official error shape
    expect_error(request_token(client->form_token_body(client_id, client_secret, scope()), "other-tenant"), 400,
                 "invalid_tenant", 90002);
    expect_error(request_token("client_id=" + client_id), 400, "invalid_request", 900144);
    // A JSON body is not a form: Entra sees no parameters at all.
    const auto json = client->post("/" + tenant + "/oauth2/v2.0/token", "{\"client_id\":\"x\"}", "application/json");
    expect_error(json, 400, "invalid_request", 900144);
}

TEST_F(EntraTokenTest, OnlyPostIsAccepted) {
    const auto res = client->get("/" + tenant + "/oauth2/v2.0/token");
    EXPECT_EQ(res.result_int(), 405);
    EXPECT_EQ(parse_json(res.body()).at("error").as_string(), "invalid_request");
}

} // namespace
} // namespace cloudsync::cloudsim::testing
