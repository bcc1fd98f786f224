#include "config/detail/azure.hpp"

#include "config/detail/endpoint.hpp"
#include "config/detail/secrets.hpp"

#include "core/text.hpp"

#include <array>
#include <string_view>

namespace cloudsync::config::detail {
namespace {

constexpr std::array<std::string_view, 3> methods = {"client_secret", "client_certificate",
                                                     "managed_identity"};

bool before(const YAML::Mark& a, const YAML::Mark& b) {
    return a.line < b.line || (a.line == b.line && a.column < b.column);
}

// The one authentication key of the block. None is an error at the block, a
// second one an error at whichever of the two comes later in the file.
std::string_view authentication_key(const object& o) {
    std::string_view found;
    for (auto key : methods) {
        if (!o.has(key))
            continue;
        if (found.empty()) {
            found = key;
            continue;
        }
        auto first = found, second = key;
        if (before(o.key_at(second).mark(), o.key_at(first).mark()))
            std::swap(first, second);
        o.key_at(second).fail("only one authentication method is allowed; found both " +
                              std::string(first) + " and " + std::string(second));
    }
    if (found.empty())
        o.self().fail("needs exactly one authentication method: client_secret, "
                      "client_certificate or managed_identity");
    return found;
}

// Only the PEM block names are checked here (config does not parse keys); the
// credential parses the certificate and key when it is built.
void check_certificate_pem(const value& at, const secret& pem) {
    const auto& text = pem.reveal();
    auto has = [&](std::string_view label) { return text.find(label) != std::string::npos; };
    if (!has("-----BEGIN CERTIFICATE-----"))
        at.fail("no certificate in the pem file (expected the certificate and its rsa private "
                "key in one file)");
    if (has("-----BEGIN ENCRYPTED PRIVATE KEY-----") || has("Proc-Type: 4,ENCRYPTED"))
        at.fail("the private key is encrypted; export it without a passphrase (protect the file "
                "instead)");
    if (has("-----BEGIN EC PRIVATE KEY-----") || has("-----BEGIN DSA PRIVATE KEY-----"))
        at.fail("the private key is not rsa (client assertions are signed rs256)");
    if (!has("-----BEGIN PRIVATE KEY-----") && !has("-----BEGIN RSA PRIVATE KEY-----"))
        at.fail("no private key in the pem file (expected the certificate and its rsa private "
                "key in one file)");
}

azure_managed_identity read_managed_identity(const value& v) {
    object o(v, {"client_id", "endpoint"});
    azure_managed_identity identity;
    if (auto client_id = o.get("client_id"))
        identity.client_id = read_url_token(*client_id, "client_id");
    if (auto endpoint = o.get("endpoint"))
        identity.endpoint =
            read_endpoint(*endpoint, placeholder::none, plain_http::loopback_or_instance_metadata);
    return identity;
}

azure_authentication read_authentication(const object& o, std::string_view key) {
    if (key == "managed_identity") // a null value (`managed_identity:`) means {}
        return read_managed_identity(o.get(key).value_or(o.key_at(key)));
    auto at = o.require(key);
    if (key == "client_secret")
        return azure_client_secret{read_secret(at)};
    azure_client_certificate certificate{read_secret(at)};
    check_certificate_pem(at, certificate.pem);
    return certificate;
}

azure_endpoints read_azure_endpoints(const value& v) {
    object e(v, {"login", "management", "metrics", "metrics_audience"});
    azure_endpoints out;
    if (auto url = e.get("login"))
        out.login = read_endpoint(*url, placeholder::none);
    if (auto url = e.get("management"))
        out.management = read_endpoint(*url, placeholder::none);
    if (auto url = e.get("metrics")) {
        out.metrics = read_endpoint(*url, placeholder::region);
        out.metrics_audience = origin_without_region(out.metrics);
        if (out.metrics_audience.empty() && !e.has("metrics_audience"))
            url->fail("cannot derive the metrics token audience from this template (only a "
                      "leading {region}. host label is removed); set endpoints.metrics_audience");
    }
    if (auto url = e.get("metrics_audience"))
        out.metrics_audience = read_endpoint(*url, placeholder::none);
    return out;
}

// Subscription ids are GUIDs, which ARM compares case-insensitively: the same
// subscription listed twice would be read (and counted) twice.
std::vector<std::string> read_subscriptions(const value& v) {
    const auto items = v.items();
    std::vector<std::string> ids;
    for (const auto& item : items) {
        auto id = read_url_token(item, "a subscription id");
        for (std::size_t earlier = 0; earlier < ids.size(); ++earlier)
            if (iequals(ids[earlier], id))
                item.fail("duplicate subscription id '" + id + "' (same as " +
                          items[earlier].path() + "; ids are compared case-insensitively)");
        ids.push_back(std::move(id));
    }
    return ids;
}

} // namespace

azure_account read_azure(const value& v) {
    object o(v, {"tenant_id", "client_id", "client_secret", "client_certificate",
                 "managed_identity", "subscriptions", "endpoints"});
    const auto method = authentication_key(o);
    azure_account azure;
    if (method == "managed_identity") {
        if (o.has("client_id"))
            o.key_at("client_id")
                .fail("client_id names an app registration and does not apply to "
                      "managed_identity; a user-assigned identity's id goes in "
                      "managed_identity.client_id");
        if (auto tenant = o.get("tenant_id"))
            azure.tenant_id = read_url_token(*tenant, "tenant_id");
    } else {
        azure.tenant_id = read_url_token(o.require("tenant_id"), "tenant_id");
        azure.client_id = read_url_token(o.require("client_id"), "client_id");
    }
    azure.authentication = read_authentication(o, method);
    if (auto subscriptions = o.get("subscriptions"))
        azure.subscriptions = read_subscriptions(*subscriptions);
    if (auto endpoints = o.get("endpoints"))
        azure.endpoints = read_azure_endpoints(*endpoints);
    return azure;
}

} // namespace cloudsync::config::detail
