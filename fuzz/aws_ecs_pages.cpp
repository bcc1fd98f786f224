// fuzz_aws_ecs_pages: a ListClusters, ListTasks or DescribeTasks body (the
// first byte picks which) through its parser: a page_error or ARNs, and
// tasks as aws_page.hpp checks, each with a name.
#include "aws_page.hpp"
#include "collectors/aws/ecs_pages.hpp"

using namespace cloudsync;
namespace aws = cloudsync::collectors::aws;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const auto text = fuzz::text_of(data + 1, size - 1);
    fuzz::refusing_malformed([&] {
        switch (data[0] % 3) {
        case 0:
        case 1: {
            const auto page =
                data[0] % 3 == 0 ? aws::parse_cluster_list(text) : aws::parse_task_list(text);
            fuzz::check_token(page.next_token);
            for (const auto& arn : page.items)
                if (!arn.starts_with("arn:"))
                    std::abort();
            break;
        }
        default:
            for (const auto& rec : aws::parse_task_page(text, "r").items) {
                fuzz::check_aws_record(rec);
                if (rec.name.empty())
                    std::abort();
            }
            break;
        }
    });
    return 0;
}
