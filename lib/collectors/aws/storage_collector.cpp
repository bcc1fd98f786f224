#include "collectors/aws/storage_collector.hpp"

#include "collectors/aws/detail/token_list.hpp"
#include "collectors/aws/s3_pages.hpp"
#include "collectors/common/batch_writer.hpp"
#include "collectors/common/bounded.hpp"
#include "collectors/errors.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

namespace cloudsync::collectors::aws {

namespace asio = boost::asio;

bool valid_bucket_name(std::string_view name) {
    return name.size() >= 3 && name.size() <= 63 &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
           });
}

storage_collector::storage_collector(std::shared_ptr<account_access> account,
                                     storage_collector_options options)
    : region_collector(std::move(account), "storage"), options_(options) {
    if (options_.max_buckets < 1 || options_.max_buckets > 10000)
        throw options_error("aws storage collector: max-buckets must be 1..10000");
    if (options_.bucket_concurrency == 0 || options_.batch_size == 0)
        throw options_error("aws storage collector: concurrency and batch size must be > 0");
}

namespace {

// Runs one per-bucket call; a 404 with one of `absent_codes` is the fact that
// the configuration does not exist (nullopt body), a 403 an unknown (nullopt
// result). Throws bucket_gone for NoSuchBucket and what the client throws.
struct bucket_gone {};

struct answer {
    bool known = false;
    std::optional<std::string> body; // nullopt: the configuration does not exist
};

asio::awaitable<answer> bucket_call(std::shared_ptr<common::api_client> s3, std::string region,
                                    std::string bucket, std::string subresource,
                                    std::initializer_list<std::string_view> absent_codes) {
    try {
        co_return answer{true, co_await s3->get(s3->url("/" + bucket + "?" + subresource), region)};
    } catch (const api_error& e) {
        if (e.status() == 404 && e.code() == "NoSuchBucket")
            throw bucket_gone{};
        if (e.status() == 404 &&
            std::find(absent_codes.begin(), absent_codes.end(), e.code()) != absent_codes.end())
            co_return answer{true, std::nullopt};
        if (e.status() != 403)
            throw;
        spdlog::debug("aws storage: region {}: bucket {}: {} refused: {}", region, bucket,
                      subresource, e.what());
    }
    co_return answer{};
}

} // namespace

asio::awaitable<void> storage_collector::collect_region(std::string region, std::string account_id,
                                                        inventory::scope_sink& out) {
    (void)account_id; // bucket ARNs carry no account
    auto s3 = account_->client(service::s3, region);

    std::vector<bucket> buckets;
    std::size_t elsewhere = 0;
    detail::token_list_steps<bucket> list;
    list.operation = "ListBuckets";
    const std::string first = s3->url("/?max-buckets=" + std::to_string(options_.max_buckets) +
                                      "&bucket-region=" + region);
    list.fetch = [s3, region, first](std::string token) {
        std::string url = first;
        if (!token.empty())
            url +=
                "&continuation-token=" + boost::urls::encode(token, boost::urls::unreserved_chars);
        return s3->get(std::move(url), region);
    };
    list.parse = [](const std::string& body) { return parse_bucket_page(body); };
    list.consume = [&](std::vector<bucket> page) -> asio::awaitable<void> {
        for (auto& b : page) {
            if (!valid_bucket_name(b.name))
                throw page_error("ListBuckets named a bucket that is not a valid S3 name");
            if (!b.region.empty() && b.region != region) {
                ++elsewhere;
                continue;
            }
            buckets.push_back(std::move(b));
        }
        co_return;
    };
    co_await detail::token_list(std::move(list), account_->engine().parse_executor);

    common::batch_writer writer(out, options_.batch_size);
    std::size_t gone = 0;
    co_await common::run_bounded(
        buckets.size(), options_.bucket_concurrency,
        [&](std::size_t index) -> asio::awaitable<void> {
            const bucket& listed = buckets[index];
            bucket_facts facts;
            facts.region = listed.region;
            try {
                if (facts.region.empty()) {
                    const auto location =
                        co_await bucket_call(s3, region, listed.name, "location", {});
                    if (!location.known || !location.body)
                        throw page_error("the region of bucket " + listed.name +
                                         " could not be read");
                    facts.region = parse_bucket_location(*location.body);
                    if (facts.region != region) {
                        ++elsewhere;
                        co_return;
                    }
                }
                // The four are independent: asked at the same time.
                co_await common::run_bounded(4, 4, [&](std::size_t call) -> asio::awaitable<void> {
                    switch (call) {
                    case 0: {
                        auto block =
                            co_await bucket_call(s3, region, listed.name, "publicAccessBlock",
                                                 {"NoSuchPublicAccessBlockConfiguration"});
                        if (block.known)
                            facts.access_block = block.body ? parse_public_access_block(*block.body)
                                                            : public_access_block{};
                        break;
                    }
                    case 1: {
                        auto policy = co_await bucket_call(s3, region, listed.name, "policyStatus",
                                                           {"NoSuchBucketPolicy"});
                        if (policy.known)
                            facts.policy_public = policy.body && parse_policy_status(*policy.body);
                        break;
                    }
                    case 2: {
                        auto versioning =
                            co_await bucket_call(s3, region, listed.name, "versioning", {});
                        if (versioning.known && versioning.body)
                            facts.versioning = parse_versioning(*versioning.body);
                        break;
                    }
                    default: {
                        auto encryption = co_await bucket_call(
                            s3, region, listed.name, "encryption",
                            {"ServerSideEncryptionConfigurationNotFoundError"});
                        if (encryption.known)
                            facts.encrypted = encryption.body && parse_encryption(*encryption.body);
                        break;
                    }
                    }
                });
            } catch (const bucket_gone&) {
                ++gone;
                co_return;
            }
            co_await writer.add(bucket_record(listed, facts));
        });
    co_await writer.flush();
    spdlog::debug("aws storage: region {}: {} buckets ({} deleted meanwhile, {} of other "
                  "regions), {} S3 calls so far",
                  region, writer.written(), gone, elsewhere, s3->calls());
}

} // namespace cloudsync::collectors::aws
