// The inventory's names for the shared vocabularies of core/kind.hpp
// (providers, collector kinds, tables), so that inventory code and its users
// keep writing inventory::provider. Nothing is defined here: add a name to
// core/kind.hpp and re-export it below.
#pragma once

#include "core/kind.hpp"

namespace cloudsync::inventory {

using cloudsync::all_collector_kinds;
using cloudsync::all_providers;
using cloudsync::all_tables;
using cloudsync::collector_kind;
using cloudsync::parse_collector_kind;
using cloudsync::parse_provider;
using cloudsync::provider;
using cloudsync::table;
using cloudsync::to_string;

} // namespace cloudsync::inventory
