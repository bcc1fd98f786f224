// AWS answers in each protocol's own shape: Query XML (STS, CloudWatch:
// <ErrorResponse><Error>), EC2 (<Response><Errors><Error>), S3 REST-XML
// (<Error>) and JSON 1.1 (ECS: "__type"), plus how each service words a
// refused signature or a caller that lacks permission. Every answer carries a
// request id (x-amzn-RequestId, and x-amz-request-id for S3).
// Not here: deciding whether a request is authentic (aws_auth.hpp).
#pragma once

#include "cloudsim/aws_sigv4.hpp"
#include "cloudsim/reply.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudsync::cloudsim {

enum class aws_protocol { query, ec2, s3, json };

// The protocol a service speaks: sts and monitoring query, ec2 ec2, s3 s3, ecs json.
aws_protocol aws_protocol_of(std::string_view service);

// A fresh request id (GUID form), unique within the process.
std::string aws_request_id();
// XML text and attribute escaping.
void append_xml_escaped(std::string& out, std::string_view text);
std::string xml_escaped(std::string_view text);
// "<name>escaped text</name>".
void append_xml_element(std::string& out, std::string_view name, std::string_view text);

// 200 text/xml with the body and a request id header.
reply aws_xml_reply(std::string body, const std::string& request_id);
reply aws_json_reply(std::string body);

reply aws_query_error(unsigned status, std::string_view code, std::string_view message,
                      bool sender = true);
reply aws_ec2_error(unsigned status, std::string_view code, std::string_view message);
// Extra elements (Endpoint, Bucket, Region, ...) go after Message.
reply aws_s3_error(unsigned status, std::string_view code, std::string_view message,
                   const std::vector<std::pair<std::string, std::string>>& extra = {});
reply aws_json_error(unsigned status, std::string_view type, std::string_view message);
reply aws_error(aws_protocol protocol, unsigned status, std::string_view code,
                std::string_view message);

// A request whose signature (or key, or token) was refused, as the service
// would answer it. Region is the URL's (S3 names it on a wrong scope).
reply aws_auth_failure(aws_protocol protocol, const sigv4_error& error, std::string_view region);
// The caller is authentic but may not do this (base keys where a role is
// required): UnauthorizedOperation (EC2), AccessDenied (Query, S3),
// AccessDeniedException (JSON). principal_arn names the caller; action is
// "ec2:DescribeInstances" etc.
reply aws_access_denied(aws_protocol protocol, std::string_view principal_arn,
                        std::string_view action);

// Injected faults in each service's words: throttling (EC2 503
// RequestLimitExceeded, STS/CloudWatch 400 Throttling, S3 503 SlowDown, ECS 400
// ThrottlingException) and a 5xx (500 or 503, the service's internal error).
reply aws_throttled(std::string_view service);
reply aws_server_error(aws_protocol protocol, unsigned status);

} // namespace cloudsync::cloudsim
