#include "cloudsim/aws_s3.hpp"

#include "cloudsim/aws_reply.hpp"
#include "cloudsim/detail/aws_token.hpp"
#include "cloudsim/entra.hpp"

#include <algorithm>
#include <charconv>

namespace cloudsync::cloudsim {

namespace {

constexpr std::string_view s3_namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr std::string_view xml_declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

void element(std::string& out, std::string_view name, std::string_view text) {
    append_xml_element(out, name, text);
}

reply s3_xml(std::string body) {
    reply r;
    r.content_type = "application/xml";
    r.body = std::string(xml_declaration) + body;
    r.headers.emplace_back("x-amz-request-id", aws_request_id());
    return r;
}

std::string open(std::string_view name) {
    return "<" + std::string(name) + " xmlns=\"" + std::string(s3_namespace) + "\">";
}

reply list_buckets(const aws_account& account, const aws_params& query) {
    const auto max = aws_param(query, "max-buckets");
    const auto token = aws_param(query, "continuation-token");
    const auto prefix = aws_param(query, "prefix").value_or("");
    const auto bucket_region = aws_param(query, "bucket-region");
    std::size_t limit = 10000;
    if (max) {
        const auto [end, ec] = std::from_chars(max->data(), max->data() + max->size(), limit);
        if (ec != std::errc{} || end != max->data() + max->size() || limit < 1 || limit > 10000)
            return aws_s3_error(400, "InvalidArgument",
                                "Argument max-buckets must be an integer between 1 and 10000.",
                                {{"ArgumentName", "max-buckets"}, {"ArgumentValue", *max}});
    }
    std::uint64_t start = 0;
    if (token && !token->empty()) {
        const auto position = detail::aws_page_position("s3:buckets:" + account.options.id, *token);
        if (!position)
            return aws_s3_error(400, "InvalidArgument",
                                "The continuation token provided is incorrect",
                                {{"ArgumentName", "continuation-token"}});
        start = *position;
    }
    std::string body = open("ListAllMyBucketsResult");
    body += "<Owner>";
    element(body, "ID",
            account.options.id + "0000000000000000000000000000000000000000000000000000");
    element(body, "DisplayName", "sim-" + account.options.id);
    body += "</Owner><Buckets>";
    std::size_t taken = 0;
    std::optional<std::uint64_t> next;
    for (const auto& b : account.buckets) {
        if (b.index < start)
            continue;
        const auto name = aws_bucket_name(account, b);
        if (!name.starts_with(prefix) || (bucket_region && *bucket_region != b.region))
            continue;
        if (taken == limit) {
            next = b.index;
            break;
        }
        body += "<Bucket>";
        element(body, "Name", name);
        element(body, "CreationDate", aws_bucket_creation_date(b));
        element(body, "BucketRegion", b.region);
        element(body, "BucketArn", "arn:aws:s3:::" + name);
        body += "</Bucket>";
        ++taken;
    }
    body += "</Buckets>";
    if (next)
        element(body, "ContinuationToken",
                detail::aws_page_token("s3:buckets:" + account.options.id, *next));
    if (!prefix.empty())
        element(body, "Prefix", prefix);
    body += "</ListAllMyBucketsResult>";
    return s3_xml(std::move(body));
}

reply location(const aws_bucket& b) {
    const auto constraint = aws_bucket_location_constraint(b);
    if (constraint.empty())
        return s3_xml("<LocationConstraint xmlns=\"" + std::string(s3_namespace) + "\"/>");
    std::string body = open("LocationConstraint");
    append_xml_escaped(body, constraint);
    return s3_xml(body + "</LocationConstraint>");
}

reply public_access_block(const std::string& name, const aws_bucket& b) {
    if (!aws_bucket_has_public_access_block(b))
        return aws_s3_error(404, "NoSuchPublicAccessBlockConfiguration",
                            "The public access block configuration was not found",
                            {{"BucketName", name}});
    const bool all = !aws_bucket_policy_public(b);
    std::string body = open("PublicAccessBlockConfiguration");
    element(body, "BlockPublicAcls", "true");
    element(body, "IgnorePublicAcls", "true");
    element(body, "BlockPublicPolicy", all ? "true" : "false");
    element(body, "RestrictPublicBuckets", all ? "true" : "false");
    return s3_xml(body + "</PublicAccessBlockConfiguration>");
}

reply policy_status(const std::string& name, const aws_bucket& b) {
    if (!aws_bucket_has_policy(b))
        return aws_s3_error(404, "NoSuchBucketPolicy", "The bucket policy does not exist",
                            {{"BucketName", name}});
    std::string body = open("PolicyStatus");
    element(body, "IsPublic", aws_bucket_policy_public(b) ? "true" : "false");
    return s3_xml(body + "</PolicyStatus>");
}

reply versioning(const aws_bucket& b) {
    const auto status = aws_bucket_versioning(b);
    if (status.empty())
        return s3_xml("<VersioningConfiguration xmlns=\"" + std::string(s3_namespace) + "\"/>");
    std::string body = open("VersioningConfiguration");
    element(body, "Status", status);
    return s3_xml(body + "</VersioningConfiguration>");
}

reply encryption(const aws_account& account, const aws_bucket& b) {
    const auto algorithm = aws_bucket_encryption(b);
    std::string body = open("ServerSideEncryptionConfiguration");
    body += "<Rule><ApplyServerSideEncryptionByDefault>";
    element(body, "SSEAlgorithm", algorithm);
    if (algorithm == "aws:kms")
        element(body, "KMSMasterKeyID",
                "arn:aws:kms:" + b.region + ":" + account.options.id + ":key/" +
                    aws_bucket_name(account, b));
    body += "</ApplyServerSideEncryptionByDefault>";
    element(body, "BucketKeyEnabled", algorithm == "aws:kms" ? "true" : "false");
    return s3_xml(body + "</Rule></ServerSideEncryptionConfiguration>");
}

} // namespace

reply handle_s3(const aws_account& account, const http_request& request, const aws_route& route) {
    if (request.method() != boost::beast::http::verb::get)
        return aws_s3_error(405, "MethodNotAllowed",
                            "The specified method is not allowed against this resource.");
    const aws_params query = parse_form(route.query);
    std::string name = route.rest;
    if (!name.empty() && name.back() == '/')
        name.pop_back();
    if (name.empty())
        return list_buckets(account, query);
    if (name.find('/') != std::string::npos)
        return aws_s3_error(501, "NotImplemented", "cloudsim serves no objects.");
    // Names carry their index (aws_bucket_name) and live buckets are kept by
    // index: a binary search, not a name built for every bucket per request.
    const aws_bucket* bucket = nullptr;
    const std::string prefix = "sim-" + account.options.id + "-bucket-";
    std::uint64_t index = 0;
    if (name.starts_with(prefix) &&
        std::from_chars(name.data() + prefix.size(), name.data() + name.size(), index).ec ==
            std::errc()) {
        const auto it = std::lower_bound(
            account.buckets.begin(), account.buckets.end(), index,
            [](const aws_bucket& b, std::uint64_t i) { return b.index < i; });
        if (it != account.buckets.end() && aws_bucket_name(account, *it) == name)
            bucket = &*it;
    }
    if (bucket == nullptr)
        return aws_s3_error(404, "NoSuchBucket", "The specified bucket does not exist",
                            {{"BucketName", name}});
    const auto has = [&](std::string_view key) { return aws_param(query, key).has_value(); };
    // GetBucketLocation answers from any region: that is how a client finds the right one.
    if (has("location"))
        return location(*bucket);
    if (bucket->region != route.region) {
        reply r = aws_s3_error(
            301, "PermanentRedirect",
            "The bucket you are attempting to access must be addressed using the specified "
            "endpoint. Please send all future requests to this endpoint.",
            {{"Endpoint", name + ".s3." + bucket->region + ".amazonaws.com"}, {"Bucket", name}});
        r.headers.emplace_back("x-amz-bucket-region", bucket->region);
        return r;
    }
    if (has("publicAccessBlock"))
        return public_access_block(name, *bucket);
    if (has("policyStatus"))
        return policy_status(name, *bucket);
    if (has("versioning"))
        return versioning(*bucket);
    if (has("encryption"))
        return encryption(account, *bucket);
    return aws_s3_error(501, "NotImplemented",
                        "cloudsim serves no objects and no other bucket subresource.");
}

} // namespace cloudsync::cloudsim
