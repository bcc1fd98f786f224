// COPY text format (PostgreSQL "COPY ... FROM STDIN", tab-separated, \N null)
// for inventory rows: value escaping, array literals (inet[], cidr[], text[]),
// and the per-table column lists. Only added and changed records are
// formatted (content_hash is computed over the fields: record_hash.hpp).
// Not here: moving the text to the server (copy_in.hpp).
#pragma once

#include "inventory/record.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::store::detail {

void append_escaped(std::string& out, std::string_view value);
void append_null(std::string& out);
void append_bool(std::string& out, std::optional<bool> value);
// Array literal {"a","b"} (element-quoted, then COPY-escaped).
void append_array(std::string& out, const std::vector<std::string>& values);
// The same literal, not COPY-escaped (a text[] query parameter).
std::string array_literal(const std::vector<std::string>& values);
// timestamptz in UTC with microseconds, or \N.
void append_timestamp(std::string& out,
                      const std::optional<std::chrono::system_clock::time_point>& value);
// double precision, shortest text that reads back to the same value.
void append_double(std::string& out, double value);

// Address text as PostgreSQL accepts it, or nullopt when it is not one.
// inet: an IPv4/IPv6 address with an optional /prefix. cidr: same, host bits
// cleared (PostgreSQL rejects a cidr with host bits set).
std::optional<std::string> normalize_inet(std::string_view text);
std::optional<std::string> normalize_cidr(std::string_view text);

struct table_info {
    inventory::table id;
    std::string_view name;                      // cloudsync.<name>
    std::vector<std::string_view> kind_columns; // after the common ones, COPY order
    std::vector<std::string_view> json_columns; // diffed by top-level key
};

const table_info& info(inventory::table value) noexcept;

// Key columns, hashes, scope, then content: the COPY column order.
std::vector<std::string> copy_columns(const table_info& table);
// name, region, tags, raw and kind columns, tab-separated, no line end.
// Addresses that are not valid are dropped rather than failing the run.
void append_content(std::string& out, const inventory::record& value);

// The tables a run of this kind owns (empty for metrics).
std::span<const inventory::table> tables_of(inventory::collector_kind kind) noexcept;

} // namespace cloudsync::store::detail
