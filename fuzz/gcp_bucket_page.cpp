// fuzz_gcp_bucket_page: a page of Cloud Storage buckets (parse_bucket_page),
// the page status checked as gcp_page.hpp says, each record checked as
// azure_page.hpp's check_record does (raw is the listed item), plus the
// storage columns' own promises: a bucket id that is the bucket's full resource
// name, always encrypted, versioning and public access always known.
#include "collectors/gcp/bucket_page.hpp"
#include "gcp_page.hpp"

using namespace cloudsync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        const auto page = collectors::gcp::parse_bucket_page(
            text, "https://storage.googleapis.com/storage/v1/b?project=p&projection=full");
        fuzz::check_status(page);
        const auto doc = fuzz::parse_or_abort(text);
        for (std::size_t i = 0; i < page.items.size(); ++i) {
            const auto& rec = page.items[i];
            fuzz::check_record(rec, &doc.at("items").at(i));
            const auto& bucket = std::get<inventory::storage_columns>(rec.columns);
            if (rec.native_id != std::string(collectors::gcp::bucket_name_prefix) + rec.name ||
                rec.name.empty() || rec.name.find('/') != std::string::npos)
                std::abort();
            if (bucket.type != "bucket" || bucket.encrypted != true || !bucket.versioning ||
                !bucket.public_access)
                std::abort();
        }
    });
    return 0;
}
