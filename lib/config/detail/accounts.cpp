// accounts[]: name, tenant, provider, exactly one matching provider block,
// collectors, enabled. Declared in sections.hpp.
#include "config/detail/azure.hpp"
#include "config/detail/endpoint.hpp"
#include "config/detail/secrets.hpp"
#include "config/detail/sections.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace cloudsync::config::detail {
namespace {

void check_google_key(const value& at, const secret& key) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(key.reveal(), ec);
    const auto* object = parsed.if_object();
    const auto* type = object ? object->if_contains("type") : nullptr;
    if (ec || type == nullptr || !type->is_string() ||
        (type->get_string() != "service_account" && type->get_string() != "authorized_user"))
        at.fail("not a google credentials json file (expected a json object whose type is "
                "service_account or authorized_user)");
}

gcp_account read_gcp(const value& v) {
    object o(v, {"key", "metadata_server", "projects", "endpoints"});
    gcp_account gcp;
    if (o.has("key") && o.has("metadata_server")) {
        const auto& key = o.key_at("key");
        const auto& server = o.key_at("metadata_server");
        const auto& later = key.mark().line > server.mark().line ||
                                    (key.mark().line == server.mark().line &&
                                     key.mark().column > server.mark().column)
                                ? key
                                : server;
        later.fail("only one authentication method is allowed; found both key and "
                   "metadata_server");
    }
    if (o.has("metadata_server")) { // {} or empty: Google's metadata server
        gcp_metadata_server out;
        if (auto server = o.get("metadata_server")) {
            object m(*server, {"endpoint"});
            if (auto endpoint = m.get("endpoint"))
                out.endpoint = read_endpoint(*endpoint, placeholder::none,
                                             plain_http::loopback_or_instance_metadata);
        }
        gcp.metadata_server = std::move(out);
    } else {
        if (!o.has("key"))
            o.self().fail("needs exactly one authentication method: key or metadata_server");
        auto key = o.require("key");
        gcp.key = read_secret(key);
        check_google_key(key, gcp.key);
    }
    if (auto projects = o.get("projects"))
        gcp.projects = read_token_list(*projects, "a project id");
    if (auto endpoints = o.get("endpoints")) {
        object e(*endpoints,
                 {"token", "compute", "storage", "run", "monitoring", "cloudresourcemanager"});
        auto& out = gcp.endpoints;
        for (auto [name, field] : {std::pair{"token", &out.token},
                                   {"compute", &out.compute},
                                   {"storage", &out.storage},
                                   {"run", &out.run},
                                   {"monitoring", &out.monitoring},
                                   {"cloudresourcemanager", &out.cloudresourcemanager}})
            if (auto url = e.get(name))
                *field = read_endpoint(*url, placeholder::none);
    }
    return gcp;
}

// The later of two keys, to blame for a conflict (the earlier one stands).
value later_of(const value& a, const value& b) {
    const bool a_later = a.mark().line > b.mark().line ||
                         (a.mark().line == b.mark().line && a.mark().column > b.mark().column);
    return a_later ? a : b;
}

aws_instance_profile read_instance_profile(const object& o) {
    aws_instance_profile out;
    if (auto profile = o.get("instance_profile")) { // {} or empty: the default endpoint
        object p(*profile, {"endpoint"});
        if (auto endpoint = p.get("endpoint")) {
            out.endpoint = read_endpoint(*endpoint, placeholder::none,
                                         plain_http::loopback_or_instance_metadata);
            const auto authority = out.endpoint.find("://") + 3;
            if (out.endpoint.find('/', authority) != std::string::npos)
                endpoint->fail("expected a base url without a path, such as "
                               "http://169.254.169.254");
        }
    }
    return out;
}

// Exactly one of the key pair and instance_profile.
void read_aws_authentication(const object& o, aws_account& aws) {
    if (o.has("instance_profile")) {
        for (const char* key : {"access_key_id", "secret_access_key", "session_token"})
            if (o.has(key))
                later_of(o.key_at(key), o.key_at("instance_profile"))
                    .fail(std::string("only one authentication method is allowed; found both ") +
                          key + " and instance_profile");
        aws.instance_profile = read_instance_profile(o);
        return;
    }
    if (!o.has("access_key_id") && !o.has("secret_access_key"))
        o.self().fail("needs exactly one authentication method: access_key_id and "
                      "secret_access_key, or instance_profile");
    aws.access_key_id = read_secret(o.require("access_key_id"));
    aws.secret_access_key = read_secret(o.require("secret_access_key"));
    if (auto token = o.get("session_token"))
        aws.session_token = read_secret(*token);
}

aws_account read_aws(const value& v) {
    object o(v, {"access_key_id", "secret_access_key", "session_token", "instance_profile",
                 "role_arn", "external_id", "regions", "endpoints"});
    aws_account aws;
    read_aws_authentication(o, aws);
    if (auto arn = o.get("role_arn")) {
        aws.role_arn = arn->as_nonempty_string();
        if (aws.role_arn->rfind("arn:", 0) != 0 ||
            aws.role_arn->find(":role/") == std::string::npos)
            arn->fail("expected a role arn such as arn:aws:iam::123456789012:role/NAME");
    }
    if (auto external_id = o.get("external_id")) {
        if (!aws.role_arn)
            external_id->fail("external_id needs role_arn");
        aws.external_id = read_secret(*external_id);
    }
    if (auto regions = o.get("regions"))
        aws.regions = read_token_list(*regions, "a region");
    if (auto endpoints = o.get("endpoints")) {
        object e(*endpoints, {"sts", "ec2", "s3", "monitoring", "ecs"});
        auto& out = aws.endpoints;
        for (auto [name, field] : {std::pair{"sts", &out.sts},
                                   {"ec2", &out.ec2},
                                   {"s3", &out.s3},
                                   {"monitoring", &out.monitoring},
                                   {"ecs", &out.ecs}})
            if (auto url = e.get(name))
                *field = read_endpoint(*url, placeholder::region);
    }
    return aws;
}

std::vector<cloudsync::collector_kind> read_collectors(const value& v) {
    std::vector<cloudsync::collector_kind> kinds;
    auto items = v.items();
    if (items.empty())
        v.fail("must name at least one collector (use enabled: false to pause)");
    for (const auto& item : items) {
        auto text = item.as_string();
        auto kind = cloudsync::parse_collector_kind(text);
        if (!kind)
            item.fail("unknown collector kind '" + text +
                      "' (expected vms, storage, networks, containers, metrics or alerts)");
        if (std::find(kinds.begin(), kinds.end(), *kind) != kinds.end())
            item.fail("duplicate collector kind '" + text + "'");
        kinds.push_back(*kind);
    }
    return kinds;
}

// Exactly the block named by `provider`: a missing block and any other
// provider's block are both errors.
void read_provider_block(const object& o, account& a) {
    auto wanted = cloudsync::to_string(a.provider);
    for (auto other : cloudsync::all_providers)
        if (other != a.provider && o.has(cloudsync::to_string(other)))
            o.key_at(cloudsync::to_string(other))
                .fail("block does not match provider '" + std::string(wanted) + "'");
    auto block = o.require(wanted);
    switch (a.provider) {
    case cloudsync::provider::azure:
        a.settings = read_azure(block);
        break;
    case cloudsync::provider::gcp:
        a.settings = read_gcp(block);
        break;
    case cloudsync::provider::aws:
        a.settings = read_aws(block);
        break;
    }
}

account read_account(const value& item, const std::vector<tenant>& tenants,
                     const std::vector<account>& earlier) {
    object o(item, {"name", "tenant", "provider", "azure", "gcp", "aws", "collectors", "enabled",
                    "scope_concurrency"});
    account a;
    auto name = o.require("name");
    a.name = name.as_string();
    if (!is_lower_name(a.name))
        name.fail("account name must match [a-z][a-z0-9_-]* and be at most 63 characters");
    for (const auto& other : earlier)
        if (other.name == a.name)
            name.fail("duplicate account name '" + a.name + "'");
    auto tenant_name = o.require("tenant");
    a.tenant = tenant_name.as_string();
    if (std::none_of(tenants.begin(), tenants.end(),
                     [&](const tenant& t) { return t.name == a.tenant; }))
        tenant_name.fail("unknown tenant '" + a.tenant + "'");
    auto provider = o.require("provider");
    auto parsed = cloudsync::parse_provider(provider.as_string());
    if (!parsed)
        provider.fail("unknown provider '" + provider.as_string() +
                      "' (expected azure, gcp or aws)");
    a.provider = *parsed;
    read_provider_block(o, a);
    if (auto collectors = o.get("collectors"))
        a.collectors = read_collectors(*collectors);
    else
        a.collectors.assign(cloudsync::all_collector_kinds.begin(),
                            cloudsync::all_collector_kinds.end());
    if (auto enabled = o.get("enabled"))
        a.enabled = enabled->as_bool();
    if (auto concurrency = o.get("scope_concurrency"))
        a.scope_concurrency = concurrency->as_count(1, 64);
    return a;
}

} // namespace

std::vector<account> read_accounts(const value& v, const std::vector<tenant>& tenants) {
    std::vector<account> accounts;
    for (const auto& item : v.items())
        accounts.push_back(read_account(item, tenants, accounts));
    return accounts;
}

} // namespace cloudsync::config::detail
