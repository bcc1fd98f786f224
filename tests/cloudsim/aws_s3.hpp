// S3 under /aws/s3/<region>/ (REST-XML, path style; x-amz-content-sha256 is
// required and checked by the signature check): ListBuckets (max-buckets
// 1..10000, continuation-token, prefix, bucket-region) and, per bucket,
// GET ?location (empty for us-east-1, "EU" for some eu-west-1 buckets),
// ?publicAccessBlock (404 NoSuchPublicAccessBlockConfiguration when absent),
// ?policyStatus (404 NoSuchBucketPolicy without a policy), ?versioning and
// ?encryption. A per-bucket request (but ?location) sent to another region's
// endpoint than the bucket's gets 301 PermanentRedirect. Errors as S3
// <Error>. Objects are not served.
#pragma once

#include "cloudsim/aws_estate.hpp"
#include "cloudsim/aws_request.hpp"
#include "cloudsim/reply.hpp"

namespace cloudsync::cloudsim {

reply handle_s3(const aws_account& account, const http_request& request, const aws_route& route);

} // namespace cloudsync::cloudsim
