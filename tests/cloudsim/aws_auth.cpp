#include "cloudsim/aws_auth.hpp"

#include "cloudsim/detail/rng.hpp"

#include <atomic>
#include <chrono>

namespace cloudsync::cloudsim {

namespace {

constexpr std::string_view upper_alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view base64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// n characters of alphabet drawn from a hash stream.
std::string drawn(std::uint64_t seed, std::size_t n, std::string_view alphabet) {
    std::string out;
    std::uint64_t h = seed;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 8 == 0)
            h = detail::mix(h + i);
        out += alphabet[(h >> ((i % 8) * 8)) % alphabet.size()];
    }
    return out;
}

std::uint64_t entropy() {
    static std::atomic<std::uint64_t> counter{0};
    const auto t =
        static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
    return detail::hash(t, counter.fetch_add(1), 0x5e55);
}

std::uint64_t text_hash(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a
    for (const char c : text)
        h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return h;
}

sigv4_error refuse(sigv4_failure failure, std::string message) {
    return {failure, std::move(message)};
}

} // namespace

aws_session aws_sessions::issue(std::string account_id, std::string role_arn,
                                std::string session_name, std::int64_t lifetime_seconds,
                                std::int64_t now) {
    const std::uint64_t seed = entropy();
    aws_session s;
    s.access_key_id = "ASIA" + drawn(seed, 16, upper_alnum);
    s.secret_access_key = drawn(seed ^ 0x51, 40, base64);
    // Like STS's: long, base64 with '+', '/' and padding.
    s.session_token = "IQoJb3JpZ2luX2Vj" + drawn(seed ^ 0x70, 300, base64) + "+/Sim==";
    s.account_id = std::move(account_id);
    s.role_arn = std::move(role_arn);
    s.session_name = std::move(session_name);
    s.expiration = now + lifetime_seconds;
    const std::lock_guard lock(mutex_);
    if (sessions_.size() > 100000) { // bound memory in long benchmark runs
        std::erase_if(sessions_, [&](const auto& item) { return item.second.expiration < now; });
    }
    ++issued_;
    sessions_[s.access_key_id] = s;
    return s;
}

std::optional<aws_session> aws_sessions::find(std::string_view access_key_id) const {
    const std::lock_guard lock(mutex_);
    const auto it = sessions_.find(access_key_id);
    if (it == sessions_.end())
        return std::nullopt;
    return it->second;
}

void aws_sessions::expire_all() {
    const std::lock_guard lock(mutex_);
    for (auto& [key, session] : sessions_)
        session.expiration = 0;
}

std::size_t aws_sessions::size() const {
    const std::lock_guard lock(mutex_);
    return sessions_.size();
}

std::string aws_role_name(std::string_view role_arn) {
    const auto slash = role_arn.rfind('/');
    return std::string(slash == std::string_view::npos ? role_arn : role_arn.substr(slash + 1));
}

std::string aws_caller::arn() const {
    if (session)
        return "arn:aws:sts::" + account->options.id + ":assumed-role/" +
               aws_role_name(session->role_arn) + "/" + session->session_name;
    return "arn:aws:iam::" + account->options.id + ":user/cloudsync-sim";
}

std::string aws_caller::user_id() const {
    if (session)
        return "AROA" + drawn(text_hash(session->role_arn), 17, upper_alnum) + ":" +
               session->session_name;
    return "AIDA" + drawn(text_hash(account->options.access_key_id), 17, upper_alnum);
}

bool aws_caller::may_read_data() const {
    return account->options.role_arn.empty() || session.has_value();
}

std::variant<aws_caller, sigv4_error>
aws_authenticate(const http_request& request, const aws_route& route, const aws_estate& estate,
                 const aws_sessions& sessions, std::int64_t now) {
    const auto header = request[boost::beast::http::field::authorization];
    if (header.empty())
        return refuse(sigv4_failure::missing, "Request is missing Authentication Token");
    const auto auth = parse_sigv4_authorization(header);
    if (!auth)
        return refuse(sigv4_failure::malformed, "Authorization header requires 'Credential', "
                                                "'Signature' and 'SignedHeaders' parameters "
                                                "(AWS4-HMAC-SHA256).");
    const sigv4_request received = to_sigv4_request(request);
    const sigv4_context context{route.region, route.service, now, route.service == "s3"};
    if (auto envelope = check_sigv4_envelope(received, *auth, context))
        return *envelope;

    const auto token = sigv4_header(received, "x-amz-security-token");
    aws_caller caller;
    std::string secret;
    if (const auto* account = estate.account_by_key(auth->access_key_id)) {
        if (token)
            return refuse(sigv4_failure::bad_token,
                          "The security token included in the request is invalid.");
        caller.account = account;
        secret = account->options.secret_access_key;
    } else if (auto session = sessions.find(auth->access_key_id)) {
        // Compared whole; the token itself never appears in a message.
        if (!token || *token != session->session_token)
            return refuse(sigv4_failure::bad_token,
                          "The security token included in the request is invalid.");
        caller.account = estate.find_account(session->account_id);
        if (caller.account == nullptr)
            return refuse(sigv4_failure::unknown_key,
                          "The security token included in the request is invalid.");
        secret = session->secret_access_key;
        caller.session = std::move(session);
    } else {
        return refuse(sigv4_failure::unknown_key,
                      "The security token included in the request is invalid.");
    }
    if (auto bad = verify_sigv4(received, *auth, secret, context))
        return *bad;
    if (caller.session && caller.session->expiration <= now)
        return refuse(sigv4_failure::expired_token,
                      "The security token included in the request is expired");
    return caller;
}

} // namespace cloudsync::cloudsim
