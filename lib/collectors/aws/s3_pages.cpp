#include "collectors/aws/s3_pages.hpp"

#include "collectors/aws/detail/xml.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

namespace cloudsync::collectors::aws {

namespace {

// An xsd:boolean as S3 writes it (true/false; TRUE/FALSE in PolicyStatus).
bool flag(pugi::xml_node parent, std::string_view name) {
    const auto text = detail::optional_text(parent, name);
    if (!text)
        return false;
    if (iequals(*text, "true"))
        return true;
    if (iequals(*text, "false"))
        return false;
    detail::fail(detail::optional_child(parent, name), "is not true or false");
}

bucket parse_bucket(pugi::xml_node element) {
    bucket out;
    out.name = detail::required_text(element, "Name");
    if (const auto date = detail::optional_text(element, "CreationDate"); date && !date->empty()) {
        out.created = common::parse_utc(*date);
        if (!out.created)
            detail::fail(detail::optional_child(element, "CreationDate"), "is not a UTC time");
    }
    out.region = detail::text_or_empty(element, "BucketRegion");
    out.raw = detail::json_text(element);
    return out;
}

} // namespace

token_page<bucket> parse_bucket_page(std::string_view xml) {
    const detail::xml_page page(xml, "ListAllMyBucketsResult");
    token_page<bucket> out;
    if (const auto buckets = detail::optional_child(page.root(), "Buckets"))
        detail::for_each_child(buckets, "Bucket", [&](pugi::xml_node element) {
            out.items.push_back(parse_bucket(element));
        });
    out.next_token = detail::optional_text(page.root(), "ContinuationToken");
    if (out.next_token && out.next_token->empty())
        out.next_token.reset();
    return out;
}

std::string parse_bucket_location(std::string_view xml) {
    const detail::xml_page page(xml, "LocationConstraint");
    const auto location = detail::text_of(page.root());
    if (location.empty())
        return "us-east-1";
    if (location == "EU")
        return "eu-west-1";
    return location;
}

public_access_block parse_public_access_block(std::string_view xml) {
    const detail::xml_page page(xml, "PublicAccessBlockConfiguration");
    const auto root = page.root();
    return {flag(root, "BlockPublicAcls"), flag(root, "IgnorePublicAcls"),
            flag(root, "BlockPublicPolicy"), flag(root, "RestrictPublicBuckets")};
}

bool parse_policy_status(std::string_view xml) {
    const detail::xml_page page(xml, "PolicyStatus");
    return flag(page.root(), "IsPublic");
}

bool parse_versioning(std::string_view xml) {
    const detail::xml_page page(xml, "VersioningConfiguration");
    return detail::text_or_empty(page.root(), "Status") == "Enabled";
}

bool parse_encryption(std::string_view xml) {
    const detail::xml_page page(xml, "ServerSideEncryptionConfiguration");
    bool rule = false;
    detail::for_each_child(page.root(), "Rule", [&](pugi::xml_node) { rule = true; });
    return rule;
}

std::optional<bool> bucket_public_access(const bucket_facts& facts) {
    const auto& block = facts.access_block;
    const bool restricted = block && block->restrict_public_buckets;
    if (facts.policy_public == true && !restricted)
        return true;
    const bool policy_closed = facts.policy_public == false || restricted;
    if (block && block->ignore_public_acls && policy_closed)
        return false;
    return std::nullopt;
}

inventory::record bucket_record(const bucket& listed, const bucket_facts& facts) {
    inventory::record rec;
    rec.native_id = "arn:aws:s3:::" + listed.name;
    rec.name = listed.name;
    rec.region = !facts.region.empty() ? facts.region : listed.region;
    inventory::storage_columns columns;
    columns.type = "bucket";
    columns.public_access = bucket_public_access(facts);
    columns.encrypted = facts.encrypted;
    columns.versioning = facts.versioning;
    rec.columns = std::move(columns);
    boost::json::object raw;
    boost::system::error_code ec;
    raw["bucket"] = boost::json::parse(listed.raw, ec);
    if (ec)
        raw["bucket"] = nullptr;
    raw["location"] = rec.region;
    if (facts.access_block) {
        const auto& b = *facts.access_block;
        raw["publicAccessBlock"] = {{"BlockPublicAcls", b.block_public_acls},
                                    {"IgnorePublicAcls", b.ignore_public_acls},
                                    {"BlockPublicPolicy", b.block_public_policy},
                                    {"RestrictPublicBuckets", b.restrict_public_buckets}};
    }
    const auto put = [&raw](std::string_view key, const std::optional<bool>& value) {
        if (value)
            raw[key] = *value;
    };
    put("policyIsPublic", facts.policy_public);
    put("versioningEnabled", facts.versioning);
    put("encrypted", facts.encrypted);
    rec.raw = json::to_text(raw);
    return rec;
}

} // namespace cloudsync::collectors::aws
