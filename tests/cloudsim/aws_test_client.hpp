// A signing client for cloudsim's AWS tests: builds each request, signs it
// with SigV4 (using cloudsim's own canonicalisation, itself proven on the
// official suite in aws_sigv4_test.cpp) and sends it through test_client.
// A hook may tamper with the signed request before it is sent. Not
// thread-safe, like test_client.
#pragma once

#include "cloudsim/test_client.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::cloudsim::testing {

struct aws_keys {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token; // "" for a base key
};

struct aws_outgoing {
    std::string method;
    std::string target;
    header_list headers; // Authorization included
    std::string body;
};

class aws_test_client {
public:
    aws_test_client(unsigned short port, aws_keys keys);

    void set_keys(aws_keys keys) { keys_ = std::move(keys); }
    const aws_keys& keys() const { return keys_; }
    std::int64_t clock = 0;                    // the signing time, seconds since the epoch; 0 = now
    std::function<void(aws_outgoing&)> tamper; // applied after signing, when set

    // Query protocol: POST form (Action=...&Version=...) to /aws/<service>/<region>/.
    response query(const std::string& service, const std::string& region,
                   const std::vector<std::pair<std::string, std::string>>& params);
    // S3 path style: GET /aws/s3/<region>/<path_and_query>.
    response s3(const std::string& region, const std::string& path_and_query);
    // ECS JSON 1.1: POST with X-Amz-Target.
    response ecs(const std::string& region, const std::string& operation, const std::string& json);
    // Any request, signed for service/region.
    response send(aws_outgoing request, const std::string& service, const std::string& region);

private:
    test_client http_;
    std::string host_;
    aws_keys keys_;
};

// The text of the first element named `name` anywhere under the document ("" when none).
std::string xml_text(const std::string& xml, const std::string& name);
// The texts of every element named `name`, in document order.
std::vector<std::string> xml_texts(const std::string& xml, const std::string& name);

} // namespace cloudsync::cloudsim::testing
