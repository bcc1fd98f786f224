// The AWS storage collector: per region, S3 ListBuckets with bucket-region
// set to that region, on that region's endpoint (max-buckets, continuation
// token), then for each bucket, a few buckets at a time, its public access
// block, policy status, versioning and encryption on the same endpoint (S3
// answers 301 PermanentRedirect to a request at another region's), and one
// `storage` record of type `bucket` (s3_pages.hpp says how each column is
// decided). A bucket listed without a BucketRegion (an S3 that ignores the
// filter) has it asked with GetBucketLocation; a bucket of another region is
// left to that region's scope. A configuration that does not exist (404
// NoSuchPublicAccessBlockConfiguration, NoSuchBucketPolicy, no encryption
// configuration) is a fact; a 403 on one of them leaves its column unknown;
// a bucket deleted meanwhile (404 NoSuchBucket) is skipped; anything else
// fails the region's scope.
#pragma once

#include "collectors/aws/region_collector.hpp"

#include <cstddef>

namespace cloudsync::collectors::aws {

struct storage_collector_options {
    unsigned max_buckets = 1000;        // max-buckets of each ListBuckets page (1..10000)
    std::size_t bucket_concurrency = 8; // buckets read at the same time in a region
    std::size_t batch_size = 500;       // records per sink->write()
};

// S3 bucket names as they may go into a path: 3..63 of [a-z0-9.-].
bool valid_bucket_name(std::string_view name);

class storage_collector final : public region_collector {
public:
    // Throws options_error for max_buckets outside 1..10000 or a zero
    // concurrency or batch size.
    storage_collector(std::shared_ptr<account_access> account,
                      storage_collector_options options = {});

private:
    boost::asio::awaitable<void> collect_region(std::string region, std::string account_id,
                                                inventory::scope_sink& out) override;
    storage_collector_options options_;
};

} // namespace cloudsync::collectors::aws
