// fuzz_aws_s3_pages: a ListBuckets page or a per-bucket answer (location,
// public access block, policy status, versioning, encryption; the first byte
// picks which) through its parser, and every listed bucket through
// bucket_record: a page_error or values that keep their promises (a bucket
// name, a normalized region that is never empty, a record as aws_page.hpp
// checks).
#include "aws_page.hpp"
#include "collectors/aws/s3_pages.hpp"

using namespace cloudsync;
namespace aws = cloudsync::collectors::aws;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const auto text = fuzz::text_of(data + 1, size - 1);
    fuzz::refusing_malformed([&] {
        switch (data[0] % 6) {
        case 0: {
            const auto page = aws::parse_bucket_page(text);
            fuzz::check_token(page.next_token);
            for (const auto& bucket : page.items) {
                if (bucket.name.empty())
                    std::abort();
                const auto rec = aws::bucket_record(
                    bucket, {"r", aws::public_access_block{}, false, std::nullopt, true});
                fuzz::check_aws_record(rec);
            }
            break;
        }
        case 1:
            if (aws::parse_bucket_location(text).empty())
                std::abort();
            break;
        case 2:
            (void)aws::parse_public_access_block(text).complete();
            break;
        case 3:
            (void)aws::parse_policy_status(text);
            break;
        case 4:
            (void)aws::parse_versioning(text);
            break;
        default:
            (void)aws::parse_encryption(text);
            break;
        }
    });
    return 0;
}
