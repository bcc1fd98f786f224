#include "cloudsim/gcp_storage.hpp"

#include "cloudsim/detail/google_list.hpp"
#include "cloudsim/detail/json_out.hpp"

#include <algorithm>

namespace cloudsync::cloudsim {

namespace {

using detail::append_member;

constexpr std::string_view www = "https://www.googleapis.com/storage/v1/b/";

void append_acl_entry(std::string& out, const std::string& bucket, std::string_view entity,
                      std::string_view role, bool object) {
    out += '{';
    if (!object) {
        append_member(out, "bucket", bucket);
        append_member(out, "id", bucket + "/" + std::string(entity));
        append_member(out, "selfLink", std::string(www) + bucket + "/acl/" + std::string(entity));
    }
    append_member(out, "kind",
                  object ? "storage#objectAccessControl" : "storage#bucketAccessControl");
    append_member(out, "entity", entity);
    append_member(out, "role", role);
    append_member(out, "etag", "CAE=", false);
    out += '}';
}

void append_acls(std::string& out, const gcp_project& p, const gcp_bucket& b,
                 const std::string& name) {
    for (const bool object : {false, true}) {
        out += object ? "\"defaultObjectAcl\":[" : "\"acl\":[";
        append_acl_entry(out, name, "project-owners-" + p.number, "OWNER", object);
        out += ',';
        append_acl_entry(out, name, "project-viewers-" + p.number, "READER", object);
        if (!object && gcp_bucket_public(b)) {
            out += ',';
            append_acl_entry(out, name, "allUsers", "READER", object);
        }
        out += "],";
    }
    out += "\"owner\":{";
    append_member(out, "entity", "project-owners-" + p.number, false);
    out += "},";
}

void render_bucket(std::string& out, const gcp_estate& estate, const gcp_project& p,
                   const gcp_bucket& b, bool full) {
    const std::string name = gcp_bucket_name(p, b);
    const std::string location = gcp_bucket_location(estate, b);
    out += "{\"kind\":\"storage#bucket\",";
    append_member(out, "selfLink", std::string(www) + name);
    append_member(out, "id", name);
    append_member(out, "name", name);
    append_member(out, "projectNumber", p.number);
    append_member(out, "metageneration", "1");
    append_member(out, "location", location);
    append_member(out, "storageClass", "STANDARD");
    append_member(out, "etag", "CAE=");
    append_member(out, "timeCreated", "2024-04-01T12:34:56.123Z");
    append_member(out, "updated", "2024-04-01T12:34:56.123Z");
    if (b.index % 3 != 2) {
        out += "\"labels\":{";
        append_member(out, "env", (b.hash >> 20) % 2 == 0 ? "prod" : "dev");
        append_member(out, "owner", "team-" + std::to_string((b.hash >> 24) % 8));
        append_member(out, "revision", std::to_string(b.revision), false);
        out += "},";
    }
    out += "\"versioning\":{\"enabled\":";
    out += gcp_bucket_versioning(b) ? "true" : "false";
    out += "},";
    if ((b.hash >> 28) % 3 == 0) {
        out += "\"encryption\":{";
        append_member(out, "defaultKmsKeyName",
                      "projects/" + p.id + "/locations/global/keyRings/sim/cryptoKeys/" + name,
                      false);
        out += "},";
    }
    if (full)
        append_acls(out, p, b, name);
    out += "\"iamConfiguration\":{\"bucketPolicyOnly\":{\"enabled\":false},"
           "\"uniformBucketLevelAccess\":{\"enabled\":false},";
    append_member(out, "publicAccessPrevention",
                  gcp_bucket_prevention_enforced(b) ? "enforced" : "inherited", false);
    out += "},";
    append_member(out, "locationType", location == "US" ? "multi-region" : "region");
    append_member(out, "rpo", "DEFAULT", false);
    out += '}';
}

} // namespace

reply buckets_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                    boost::urls::url_view url) {
    detail::window w;
    if (auto bad = detail::read_window(config.page_size, url, "maxResults", 1000, w))
        return std::move(*bad);
    const auto projection = detail::query_param(url, "projection");
    if (projection && *projection != "full" && *projection != "noAcl")
        return google_error(400, "INVALID_ARGUMENT", "invalidParameter",
                            "Invalid string value: '" + *projection +
                                "'. Allowed values: [full, noacl]");
    const bool full = projection && *projection == "full";
    const std::size_t end = std::min(p.buckets.size(), w.start + w.size);
    std::string out = "{\"kind\":\"storage#buckets\"";
    if (w.start < end) {
        out += ",\"items\":[";
        for (std::size_t k = w.start; k < end; ++k) {
            if (k != w.start)
                out += ',';
            render_bucket(out, estate, p, p.buckets[k], full);
        }
        out += ']';
    }
    if (end < p.buckets.size()) {
        out += ',';
        append_member(out, "nextPageToken", std::string(detail::token_prefix) + std::to_string(end),
                      false);
    }
    out += '}';
    return json_reply(200, std::move(out));
}

} // namespace cloudsync::cloudsim
