// Parse of one page of the Blob service's data-plane List Containers answer
// (`GET https://{account}.blob.core.windows.net/?comp=list`, XML
// `<EnumerationResults>`), paged by `marker` / `<NextMarker>`. The storage
// collector reads containers through ARM (storage_pages.hpp); this parser is for
// reading an account directly (Shared Key or a data-plane token) and is kept
// to the same contract: a page it cannot read throws, it never guesses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure {

struct blob_container_entry {
    std::string name;
    // <PublicAccess>: "container" or "blob"; "" when absent (the container is private).
    std::string public_access;
    std::string etag; // as sent, quotes included when the service quotes it
    std::string last_modified;
    std::string lease_status; // "" when absent
    std::string lease_state;
    bool is_public() const noexcept { return !public_access.empty(); }
};

struct blob_container_list {
    std::string service_endpoint; // EnumerationResults/@ServiceEndpoint
    std::vector<blob_container_entry> containers;
    // The marker for the next request; nullopt when NextMarker is absent or empty.
    std::optional<std::string> next_marker;
};

// Throws page_error naming url's path when text is not XML, has no
// <EnumerationResults> root, or a <Container> has no <Name>.
blob_container_list parse_blob_container_list(std::string_view text, std::string_view url);

} // namespace cloudsync::collectors::azure
