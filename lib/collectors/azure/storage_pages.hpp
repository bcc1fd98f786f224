// Parse of one page of the two Microsoft.Storage lists the storage collector
// reads: StorageAccounts_List and BlobContainers_List (ARM control plane), into
// `storage` records with storage_columns.
//
// Column decisions (the typed columns mean the same on every cloud; everything
// else, e.g. kind, SKU, supportsHttpsTrafficOnly, minimumTlsVersion, stays in raw):
// storage_account
//   public_access: can anonymous clients read blobs of this account?
//     false when publicNetworkAccess is "Disabled" or allowBlobPublicAccess is
//     false; true when allowBlobPublicAccess is true (and the network is not
//     Disabled); unknown (nullopt) when allowBlobPublicAccess is absent, because
//     its default depends on when the account was created.
//   encrypted: true when encryption.services.blob.enabled is true or an
//     encryption.keySource is present; false when blob.enabled is false;
//     unknown when the API says nothing about encryption.
//   versioning: unknown (it is a property of the blob service, which this
//     list does not return).
// blob_container
//   public_access: properties.publicAccess is Container or Blob (absent = None,
//     as for the data plane: a container without a level is private).
//   encrypted: the account's value (the account's encryption covers its blobs).
//   region: the account's location (containers have none of their own).
#pragma once

#include "collectors/azure/arm_page.hpp"
#include "inventory/record.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::collectors::azure {

struct storage_account_item {
    inventory::record record; // storage_columns, type storage_account
    // false for kind FileStorage (premium file shares only): such an account has
    // no blob service, so its containers are not listed.
    bool has_blob_service = true;
};

// Throws page_error (see parse_raw_page; an item without "id").
arm_page<storage_account_item> parse_storage_account_page(std::string_view text,
                                                          std::string_view url);
// The same from a page already parsed (the pager parses it first, to request the next
// page early).
arm_page<storage_account_item> parse_storage_account_page(const raw_page& raw, std::string_view url);

// What a container inherits from its account.
struct blob_container_parent {
    std::string region;
    std::optional<bool> encrypted;
};

// Records of type blob_container. Throws page_error (see parse_raw_page).
arm_page<inventory::record> parse_blob_container_page(std::string_view text, std::string_view url,
                                                      const blob_container_parent& parent);
// The same from a page already parsed (the pager parses it first, to request the next
// page early).
arm_page<inventory::record> parse_blob_container_page(const raw_page& raw, std::string_view url,
                                                      const blob_container_parent& parent);

// Path of an account's container list under the management endpoint.
std::string blob_containers_path(std::string_view account_id, std::string_view api_version);

} // namespace cloudsync::collectors::azure
