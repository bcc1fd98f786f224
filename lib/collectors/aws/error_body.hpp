// AWS error bodies in each protocol's shape read into what an AWS collector
// branches on, and the api_error the AWS API client throws: EC2's
// `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>`,
// the Query protocol's (STS, CloudWatch) `<ErrorResponse><Error><Type/><Code/>
// <Message/></Error><RequestId/>`, S3's `<Error><Code/><Message/><RequestId/>`
// and the JSON protocol's (ECS) `{"__type": "namespace#Code", "message"}`
// (facts.md sections 1-3, 9). The decisions (retry a throttle, treat a missing
// public access block as a fact) are the caller's; only the reading is here.
#pragma once

#include "collectors/errors.hpp"

#include <string>
#include <string_view>

namespace cloudsync::collectors::aws {

struct aws_error {
    // e.g. InvalidInstanceID.NotFound, AccessDenied, Throttling; "" when the
    // body said none. Only code-shaped words are kept (letters, digits, '.',
    // '_', '-', ':'; at most 128): other text in that field is dropped.
    std::string code;
    // The API's message (or the first line of a body that is not an AWS
    // error), on one line of printable ASCII (other bytes become '?'),
    // clipped, with signatures and tokens redacted.
    std::string message;
    // RequestID / RequestId when the body has one (JSON bodies do not: the
    // request id travels in a header), code-shaped as above.
    std::string request_id;
};

// Reads any body; never throws. A body that is not an error in one of the
// shapes above gives code "" and message = its first line, clipped.
aws_error parse_aws_error(unsigned http_status, std::string_view body);

// common::api_client's error parser: code() = the AWS code, message() = the
// AWS message, what() = "<METHOD> <URL path>: HTTP <status> <code>: <message>"
// (no " <code>" when there is none). Never the URL's query (it may carry a
// paging token or, presigned, a signature).
api_error aws_api_error(unsigned http_status, std::string_view body, std::string_view method,
                        std::string_view url);

// True for the codes AWS services throttle with: Throttling,
// ThrottlingException, RequestLimitExceeded, SlowDown, TooManyRequestsException,
// RequestThrottled, RequestThrottledException,
// ProvisionedThroughputExceededException, EC2ThrottledException,
// BandwidthLimitExceeded (botocore's retry configuration, facts.md section 2),
// also with EC2's "Client." or "Server." prefix (Client.RequestLimitExceeded).
// Case-sensitive, as AWS codes are.
bool is_throttle_code(std::string_view code);

} // namespace cloudsync::collectors::aws
