// Parse of the S3 (REST-XML) answers the storage collector reads, and the
// storage record of a bucket built from them: ListBuckets pages, and per bucket
// GetBucketLocation, GetPublicAccessBlock, GetBucketPolicyStatus,
// GetBucketVersioning and GetBucketEncryption. Pure: no requests. What a
// missing configuration (a 404 such as NoSuchPublicAccessBlockConfiguration,
// ServerSideEncryptionConfigurationNotFoundError, NoSuchBucketPolicy) means is
// the caller's to pass on as a fact (see bucket_facts); it is not a body here.
// Parsers throw page_error (detail/xml.hpp) for a body that is not the
// operation's answer, a value sent twice, or a flag that is not a boolean.
#pragma once

#include "collectors/aws/ec2_pages.hpp" // token_page
#include "collectors/common/utc_time.hpp"
#include "inventory/record.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::collectors::aws {

// One bucket of a ListBuckets page.
struct bucket {
    std::string name;
    std::optional<common::time_point> created; // CreationDate
    std::string region;                        // BucketRegion when given, else ""
    std::string raw;                           // the Bucket element as JSON
};

// ListAllMyBucketsResult: every Buckets/Bucket (Name required) and the
// ContinuationToken (present only when more buckets can be listed). A page
// without Buckets lists none (S3 omits an empty list).
token_page<bucket> parse_bucket_page(std::string_view xml);

// GetBucketLocation's LocationConstraint, normalized: empty (us-east-1 has a
// null constraint) -> us-east-1, the legacy EU -> eu-west-1, else as sent.
std::string parse_bucket_location(std::string_view xml);

// PublicAccessBlockConfiguration. A bucket without one (404
// NoSuchPublicAccessBlockConfiguration) is public_access_block{}: all off.
struct public_access_block {
    bool block_public_acls = false;
    bool ignore_public_acls = false;
    bool block_public_policy = false;
    bool restrict_public_buckets = false;

    bool complete() const noexcept {
        return block_public_acls && ignore_public_acls && block_public_policy &&
               restrict_public_buckets;
    }
};
// An absent flag is off (S3 writes all four).
public_access_block parse_public_access_block(std::string_view xml);

// PolicyStatus/IsPublic (TRUE/FALSE in any case; absent: false). A bucket
// without a policy (404 NoSuchBucketPolicy) is not public by policy: false.
bool parse_policy_status(std::string_view xml);

// VersioningConfiguration/Status: Enabled -> true; Suspended or absent (a
// bucket never versioned answers an empty configuration) -> false.
bool parse_versioning(std::string_view xml);

// ServerSideEncryptionConfiguration: true when it has a Rule (since January
// 2023 every bucket has SSE-S3 by default). A 404
// ServerSideEncryptionConfigurationNotFoundError is false.
bool parse_encryption(std::string_view xml);

// What the per-bucket calls said; nullopt where a call was not made or was
// refused (403): unknown, not false.
struct bucket_facts {
    std::string region; // normalized location
    std::optional<public_access_block> access_block;
    std::optional<bool> policy_public;
    std::optional<bool> versioning;
    std::optional<bool> encrypted;
};

// Whether the bucket is open to the public, from what is read (ACLs and the
// account-level public access block are not):
// - true when the policy status says public and RestrictPublicBuckets is off
//   (S3 itself then lets anyone in through the policy);
// - false when the bucket's block ignores public ACLs and the policy is not
//   public or its public grants are restricted (a complete block is such a
//   block): nothing read can open it;
// - nullopt otherwise: an ACL may still grant public access (ACLs are not
//   read), or a call that decides it was refused. Unknown, never a guess.
std::optional<bool> bucket_public_access(const bucket_facts& facts);

// The storage record of a bucket: native_id arn:aws:s3:::NAME, name, region
// facts.region (else the bucket's BucketRegion), type "bucket", public_access
// as above, encrypted, versioning, tags "{}" (bucket tags are not read), raw
// the Bucket element with what the per-bucket calls said beside it.
inventory::record bucket_record(const bucket& listed, const bucket_facts& facts);

} // namespace cloudsync::collectors::aws
