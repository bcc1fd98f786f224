#include "store/detail/copy_text.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

#include <arpa/inet.h>

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;

void append_escaped(std::string& out, std::string_view value) {
    // Hot path (every column of every record, resyncs included): copy runs
    // of ordinary bytes at once, escape the rare special ones.
    std::size_t start = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        std::string_view replacement;
        switch (value[i]) {
        case '\\':
            replacement = "\\\\";
            break;
        case '\t':
            replacement = "\\t";
            break;
        case '\n':
            replacement = "\\n";
            break;
        case '\r':
            replacement = "\\r";
            break;
        case '\0':
            break; // PostgreSQL text cannot hold NUL: dropped
        default:
            continue;
        }
        out.append(value.data() + start, i - start);
        out.append(replacement);
        start = i + 1;
    }
    out.append(value.data() + start, value.size() - start);
}

void append_null(std::string& out) {
    out += "\\N";
}

void append_bool(std::string& out, std::optional<bool> value) {
    if (!value)
        return append_null(out);
    out += *value ? 't' : 'f';
}

void append_array(std::string& out, const std::vector<std::string>& values) {
    append_escaped(out, array_literal(values));
}

std::string array_literal(const std::vector<std::string>& values) {
    std::string literal = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            literal += ',';
        literal += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\')
                literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    literal += '}';
    return literal;
}

void append_double(std::string& out, double value) {
    char text[64];
    auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    out.append(text, ec == std::errc{} ? end : text);
}

namespace {

struct address {
    int family = AF_INET;
    std::array<unsigned char, 16> bytes{};
    int prefix = -1; // -1: none given
};

std::optional<address> parse_address(std::string_view text) {
    address result;
    auto slash = text.find('/');
    std::string host(text.substr(0, slash));
    if (slash != std::string_view::npos) {
        auto digits = text.substr(slash + 1);
        int prefix = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty())
            return std::nullopt;
        result.prefix = prefix;
    }
    if (::inet_pton(AF_INET, host.c_str(), result.bytes.data()) == 1) {
        result.family = AF_INET;
    } else if (::inet_pton(AF_INET6, host.c_str(), result.bytes.data()) == 1) {
        result.family = AF_INET6;
    } else {
        return std::nullopt;
    }
    int max = result.family == AF_INET ? 32 : 128;
    if (result.prefix > max)
        return std::nullopt;
    return result;
}

std::string format_address(const address& value, bool with_prefix) {
    char text[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(value.family, value.bytes.data(), text, sizeof text);
    std::string out = text;
    if (with_prefix)
        out += "/" + std::to_string(value.prefix);
    return out;
}

} // namespace

std::optional<std::string> normalize_inet(std::string_view text) {
    auto parsed = parse_address(text);
    if (!parsed)
        return std::nullopt;
    return format_address(*parsed, parsed->prefix >= 0);
}

std::optional<std::string> normalize_cidr(std::string_view text) {
    auto parsed = parse_address(text);
    if (!parsed)
        return std::nullopt;
    int bits = parsed->family == AF_INET ? 32 : 128;
    if (parsed->prefix < 0)
        parsed->prefix = bits;
    for (int bit = parsed->prefix; bit < bits; ++bit)
        parsed->bytes[bit / 8] &= static_cast<unsigned char>(~(0x80u >> (bit % 8)));
    return format_address(*parsed, true);
}

void append_timestamp(std::string& out,
                      const std::optional<std::chrono::system_clock::time_point>& value) {
    if (!value)
        return append_null(out);
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(value->time_since_epoch()).count();
    auto seconds = static_cast<std::time_t>(micros / 1000000);
    long fraction = static_cast<long>(micros % 1000000);
    if (fraction < 0) {
        fraction += 1000000;
        --seconds;
    }
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%06ld+00", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
    out += text;
}

namespace {

std::vector<std::string> valid_only(const std::vector<std::string>& values,
                                    std::optional<std::string> (*normalize)(std::string_view)) {
    std::vector<std::string> out;
    out.reserve(values.size());
    for (const auto& value : values)
        if (auto ok = normalize(value))
            out.push_back(std::move(*ok));
    return out;
}

struct kind_writer {
    std::string& out;

    void operator()(const inv::vm_columns& c) {
        out += inv::to_string(c.state);
        out += '\t';
        append_escaped(out, c.native_state);
        out += '\t';
        append_escaped(out, c.size);
        out += '\t';
        append_array(out, valid_only(c.private_ips, normalize_inet));
        out += '\t';
        append_array(out, valid_only(c.public_ips, normalize_inet));
        out += '\t';
        append_escaped(out, c.os);
    }
    void operator()(const inv::storage_columns& c) {
        append_escaped(out, c.type);
        out += '\t';
        append_bool(out, c.public_access);
        out += '\t';
        append_bool(out, c.encrypted);
        out += '\t';
        append_bool(out, c.versioning);
    }
    void operator()(const inv::network_columns& c) {
        append_array(out, valid_only(c.cidrs, normalize_cidr));
    }
    void operator()(const inv::subnet_columns& c) {
        append_escaped(out, c.network_id);
        out += '\t';
        if (auto cidr = normalize_cidr(c.cidr))
            out += *cidr;
        else
            append_null(out);
    }
    void operator()(const inv::container_columns& c) {
        append_escaped(out, c.state);
        out += '\t';
        append_array(out, c.images);
    }
    void operator()(const inv::alert_columns& c) {
        out += inv::to_string(c.state);
        out += '\t';
        append_escaped(out, c.severity);
        out += '\t';
        append_bool(out, c.enabled);
        out += '\t';
        append_array(out, c.target_ids);
        out += '\t';
        append_escaped(out, c.condition.empty() ? std::string_view("{}") : c.condition);
        out += '\t';
        append_timestamp(out, c.state_changed_at);
    }
};

} // namespace

void append_content(std::string& out, const inv::record& value) {
    append_escaped(out, value.name);
    out += '\t';
    append_escaped(out, value.region);
    out += '\t';
    append_escaped(out, value.tags.empty() ? std::string_view("{}") : value.tags);
    out += '\t';
    append_escaped(out, value.raw.empty() ? std::string_view("{}") : value.raw);
    out += '\t';
    std::visit(kind_writer{out}, value.columns);
}

const table_info& info(inv::table value) noexcept {
    static const std::array<table_info, 6> all{{
        {inv::table::vms,
         "vms",
         {"state", "native_state", "size", "private_ips", "public_ips", "os"},
         {"tags", "raw"}},
        {inv::table::storage,
         "storage",
         {"type", "public_access", "encrypted", "versioning"},
         {"tags", "raw"}},
        {inv::table::networks, "networks", {"cidrs"}, {"tags", "raw"}},
        {inv::table::subnets, "subnets", {"network_id", "cidr"}, {"tags", "raw"}},
        {inv::table::containers, "containers", {"state", "images"}, {"tags", "raw"}},
        {inv::table::alerts,
         "alerts",
         {"state", "severity", "enabled", "target_ids", "condition", "state_changed_at"},
         {"tags", "raw", "condition"}},
    }};
    return all[static_cast<std::size_t>(value)];
}

std::vector<std::string> copy_columns(const table_info& table) {
    std::vector<std::string> columns{"tenant",       "account", "provider", "native_id",
                                     "id_hash",      "content_hash", "scope", "name",
                                     "region",       "tags",    "raw"};
    for (auto column : table.kind_columns)
        columns.emplace_back(column);
    return columns;
}

std::span<const inv::table> tables_of(inv::collector_kind kind) noexcept {
    static const std::array<inv::table, 1> vms{inv::table::vms};
    static const std::array<inv::table, 1> storage{inv::table::storage};
    static const std::array<inv::table, 2> networks{inv::table::networks, inv::table::subnets};
    static const std::array<inv::table, 1> containers{inv::table::containers};
    static const std::array<inv::table, 1> alerts{inv::table::alerts};
    switch (kind) {
    case inv::collector_kind::vms:
        return vms;
    case inv::collector_kind::storage:
        return storage;
    case inv::collector_kind::networks:
        return networks;
    case inv::collector_kind::containers:
        return containers;
    case inv::collector_kind::alerts:
        return alerts;
    case inv::collector_kind::metrics:
        return {};
    }
    return {};
}

} // namespace cloudsync::store::detail
