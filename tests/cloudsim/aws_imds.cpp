#include "cloudsim/aws_imds.hpp"

#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/detail/rng.hpp"
#include "cloudsim/detail/sim_time.hpp"

#include <atomic>
#include <charconv>
#include <chrono>

namespace cloudsync::cloudsim {

namespace {

constexpr std::string_view credentials_path = "/latest/meta-data/iam/security-credentials/";

reply text(unsigned status, std::string body) {
    reply r;
    r.status = status;
    r.content_type = "text/plain";
    r.body = std::move(body);
    return r;
}

} // namespace

std::string aws_imds_tokens::issue(std::int64_t ttl_seconds, std::int64_t now) {
    static std::atomic<std::uint64_t> counter{0};
    const auto t =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::string token =
        "AQAEA" + detail::guid(detail::hash(t, counter.fetch_add(1)), detail::hash(t, 0x1d5));
    const std::lock_guard lock(mutex_);
    if (expiry_.size() > 10000)
        std::erase_if(expiry_, [&](const auto& item) { return item.second <= now; });
    expiry_[token] = now + ttl_seconds;
    return token;
}

bool aws_imds_tokens::valid(std::string_view token, std::int64_t now) const {
    const std::lock_guard lock(mutex_);
    const auto it = expiry_.find(token);
    return it != expiry_.end() && it->second > now;
}

bool is_aws_imds_path(std::string_view target) {
    return target.starts_with("/latest/");
}

std::string aws_instance_profile_role(const aws_account& account) {
    return account.options.role_arn.empty()
               ? "arn:aws:iam::" + account.options.id + ":role/cloudsim-instance-profile"
               : account.options.role_arn;
}

reply handle_aws_imds(const aws_imds_config& config, const aws_estate& estate,
                      aws_sessions& sessions, aws_imds_tokens& tokens, const http_request& request,
                      std::int64_t now) {
    namespace http = boost::beast::http;
    const std::string_view target = request.target();
    if (target == "/latest/api/token") {
        if (request.method() != http::verb::put)
            return text(405, "");
        const std::string_view ttl_text = request["X-aws-ec2-metadata-token-ttl-seconds"];
        std::int64_t ttl = 0;
        const auto [end, ec] =
            std::from_chars(ttl_text.data(), ttl_text.data() + ttl_text.size(), ttl);
        if (ttl_text.empty() || ec != std::errc{} || end != ttl_text.data() + ttl_text.size() ||
            ttl < 1 || ttl > 21600)
            return text(400, "");
        reply r = text(200, tokens.issue(ttl, now));
        r.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", std::string(ttl_text));
        return r;
    }
    if (request.method() != http::verb::get)
        return text(405, "");
    if (!tokens.valid(request["X-aws-ec2-metadata-token"], now))
        return text(401, "");
    const auto* account = config.account.empty() ? nullptr : estate.find_account(config.account);
    if (!target.starts_with(credentials_path) || account == nullptr)
        return text(404, "");
    const std::string role_arn = aws_instance_profile_role(*account);
    const std::string role = aws_role_name(role_arn);
    const std::string_view asked = target.substr(credentials_path.size());
    if (asked.empty())
        return text(200, role);
    if (asked != role)
        return text(404, "");
    const auto s = sessions.issue(account->options.id, role_arn, "i-0imds" + account->options.id,
                                  config.lifetime, now);
    std::string body = "{";
    detail::append_member(body, "Code", "Success");
    detail::append_member(body, "LastUpdated", detail::format_time(now));
    detail::append_member(body, "Type", "AWS-HMAC");
    detail::append_member(body, "AccessKeyId", s.access_key_id);
    detail::append_member(body, "SecretAccessKey", s.secret_access_key);
    detail::append_member(body, "Token", s.session_token);
    detail::append_member(body, "Expiration", detail::format_time(s.expiration), false);
    body += "}";
    reply r = text(200, std::move(body));
    return r;
}

} // namespace cloudsync::cloudsim
