#include "cloudsim/aws_test_client.hpp"

#include "cloudsim/aws_sigv4.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace cloudsync::cloudsim::testing {

namespace http = boost::beast::http;

aws_test_client::aws_test_client(unsigned short port, aws_keys keys)
    : http_(port), host_("127.0.0.1:" + std::to_string(port)), keys_(std::move(keys)) {}

response aws_test_client::send(aws_outgoing request, const std::string& service,
                               const std::string& region) {
    const std::int64_t now = clock != 0 ? clock : static_cast<std::int64_t>(std::time(nullptr));
    const std::string amz_date = format_amz_date(now);
    const bool s3 = service == "s3";
    request.headers.emplace_back("Host", host_);
    request.headers.emplace_back("X-Amz-Date", amz_date);
    if (s3)
        request.headers.emplace_back("x-amz-content-sha256", sha256_hex(request.body));
    if (!keys_.session_token.empty())
        request.headers.emplace_back("X-Amz-Security-Token", keys_.session_token);
    std::vector<std::string> signed_headers;
    for (const auto& [name, value] : request.headers) {
        std::string lower = name;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        signed_headers.push_back(lower);
    }
    std::sort(signed_headers.begin(), signed_headers.end());
    const sigv4_request view{request.method, request.target, request.headers, request.body};
    const std::string payload = sha256_hex(request.body);
    const std::string scope =
        amz_date.substr(0, 8) + "/" + region + "/" + service + "/aws4_request";
    const std::string to_sign = sigv4_string_to_sign(
        amz_date, scope, sigv4_canonical_request(view, signed_headers, payload, s3));
    std::string list;
    for (const auto& h : signed_headers)
        list += (list.empty() ? "" : ";") + h;
    request.headers.emplace_back("Authorization",
                                 "AWS4-HMAC-SHA256 Credential=" + keys_.access_key_id + "/" +
                                     scope + ", SignedHeaders=" + list + ", Signature=" +
                                     sigv4_signature(keys_.secret_access_key, amz_date.substr(0, 8),
                                                     region, service, to_sign));
    if (tamper)
        tamper(request);
    header_list extra;
    for (const auto& [name, value] : request.headers) {
        if (name != "Host")
            extra.emplace_back(name, value);
    }
    return http_.request(http::string_to_verb(request.method), request.target, request.body, extra);
}

response aws_test_client::query(const std::string& service, const std::string& region,
                                const std::vector<std::pair<std::string, std::string>>& params) {
    std::string body;
    for (const auto& [k, v] : params)
        body += (body.empty() ? "" : "&") + form_encode(k) + "=" + form_encode(v);
    return send({"POST",
                 "/aws/" + service + "/" + region + "/",
                 {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                 body},
                service, region);
}

response aws_test_client::s3(const std::string& region, const std::string& path_and_query) {
    return send({"GET", "/aws/s3/" + region + "/" + path_and_query, {}, ""}, "s3", region);
}

response aws_test_client::ecs(const std::string& region, const std::string& operation,
                              const std::string& json) {
    return send({"POST",
                 "/aws/ecs/" + region + "/",
                 {{"Content-Type", "application/x-amz-json-1.1"},
                  {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation}},
                 json},
                "ecs", region);
}

std::vector<std::string> xml_texts(const std::string& xml, const std::string& name) {
    pugi::xml_document doc;
    std::vector<std::string> out;
    if (!doc.load_string(xml.c_str()))
        return out;
    for (const auto& node : doc.select_nodes(("//*[local-name()='" + name + "']").c_str()))
        out.emplace_back(node.node().text().get());
    return out;
}

std::string xml_text(const std::string& xml, const std::string& name) {
    auto all = xml_texts(xml, name);
    return all.empty() ? std::string{} : all.front();
}

} // namespace cloudsync::cloudsim::testing
