#include "instance.hpp"

#include "auth/aws/sigv4.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <random>
#include <sstream>

namespace cloudsync::daemon {

namespace {

void scopes(std::ostream& out, const std::vector<std::string>& list) {
    out << '[';
    for (const auto& item : list)
        out << item << ',';
    out << ']';
}

void settings(std::ostream& out, const config::azure_account& a) {
    out << "tenant_id=" << a.tenant_id << " client_id=" << a.client_id
        << " auth=" << a.authentication.index() << " subscriptions=";
    scopes(out, a.subscriptions);
    const auto& e = a.endpoints;
    out << " endpoints=" << e.login << ',' << e.management << ',' << e.metrics << ','
        << e.metrics_audience;
}

void settings(std::ostream& out, const config::gcp_account& g) {
    out << "metadata_server=" << g.metadata_server.has_value() << " projects=";
    scopes(out, g.projects);
    const auto& e = g.endpoints;
    out << " endpoints=" << e.token << ',' << e.compute << ',' << e.storage << ',' << e.run << ','
        << e.monitoring << ',' << e.cloudresourcemanager;
}

void settings(std::ostream& out, const config::aws_account& a) {
    out << "role_arn=" << a.role_arn.value_or("")
        << " instance_profile=" << a.instance_profile.has_value() << " regions=";
    scopes(out, a.regions);
    const auto& e = a.endpoints;
    out << " endpoints=" << e.sts << ',' << e.ec2 << ',' << e.s3 << ',' << e.monitoring << ','
        << e.ecs;
}

std::string canonical(const config::config& cfg) {
    std::ostringstream out;
    for (const auto& t : cfg.tenants) {
        out << "tenant " << t.name << " readers=";
        scopes(out, t.readers);
        out << '\n';
    }
    for (const auto& a : cfg.accounts) {
        out << "account " << a.name << " tenant=" << a.tenant
            << " provider=" << static_cast<int>(a.provider) << " enabled=" << a.enabled
            << " collectors=";
        for (auto kind : a.collectors)
            out << static_cast<int>(kind) << ',';
        out << ' ';
        std::visit([&](const auto& s) { settings(out, s); }, a.settings);
        out << '\n';
    }
    out << "schedule";
    for (auto interval : cfg.schedule.intervals)
        out << ' ' << interval.count();
    out << " jitter=" << cfg.schedule.jitter.count()
        << " max_backoff=" << cfg.schedule.max_backoff.count() << '\n';
    out << "metrics " << cfg.metrics.lookback.count() << ' ' << cfg.metrics.retention.count()
        << "\nhistory " << cfg.history.retention.count() << "\ncluster "
        << cfg.cluster.lease.count() << '\n';
    return out.str();
}

std::string host_name() {
    std::array<char, 256> name{};
    if (gethostname(name.data(), name.size() - 1) != 0)
        return "unknown";
    return name.data();
}

} // namespace

std::string config_digest(const config::config& cfg) {
    return auth::aws::sha256_hex(canonical(cfg)).substr(0, 16);
}

std::string new_instance_id() {
    std::random_device entropy;
    char suffix[9];
    std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(entropy()));
    return host_name() + "-" + std::to_string(getpid()) + "-" + suffix;
}

store::instance_info describe_instance(const std::string& id, const config::config& cfg) {
    store::instance_info info;
    info.id = id;
    info.host = host_name();
    info.pid = getpid();
    info.version = CLOUDSYNC_VERSION;
    info.config_digest = config_digest(cfg);
    for (const auto& account : cfg.accounts) // disabled ones too: their rows stay
        info.accounts[account.name] = account.tenant;
    info.lease = cfg.cluster.lease;
    return info;
}

} // namespace cloudsync::daemon
