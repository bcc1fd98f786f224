#include "cloudsim/aws_sts.hpp"

#include "cloudsim/aws_reply.hpp"
#include "cloudsim/detail/sim_time.hpp"

#include <charconv>

namespace cloudsync::cloudsim {

namespace {

constexpr std::string_view sts_namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

reply validation(std::string_view message) {
    return aws_query_error(400, "ValidationError", message);
}

std::string response(std::string_view action, const std::string& result,
                     const std::string& request_id) {
    std::string body = "<" + std::string(action) + "Response xmlns=\"" +
                       std::string(sts_namespace) + "\"><" + std::string(action) + "Result>" +
                       result + "</" + std::string(action) + "Result>";
    body += "<ResponseMetadata>";
    append_xml_element(body, "RequestId", request_id);
    body += "</ResponseMetadata></" + std::string(action) + "Response>";
    return body;
}

bool valid_session_name(std::string_view name) {
    if (name.size() < 2 || name.size() > 64)
        return false;
    for (const char c : name) {
        const bool word = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
        if (!word && std::string_view("+=,.@-").find(c) == std::string_view::npos)
            return false;
    }
    return true;
}

reply assume_role(const aws_estate& estate, aws_sessions& sessions, const aws_caller& caller,
                  const aws_params& params, std::int64_t now) {
    const auto role_arn = aws_param(params, "RoleArn");
    const auto session_name = aws_param(params, "RoleSessionName");
    if (!role_arn)
        return validation("1 validation error detected: Value null at 'roleArn' failed to satisfy "
                          "constraint: Member must not be null");
    if (!session_name || !valid_session_name(*session_name))
        return validation(
            "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: "
            "Member must have length between 2 and 64 and satisfy regular expression pattern: "
            "[\\w+=,.@-]*");
    std::int64_t duration = 3600;
    if (const auto text = aws_param(params, "DurationSeconds")) {
        const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), duration);
        if (ec != std::errc{} || end != text->data() + text->size() || duration < 900 ||
            duration > 43200)
            return validation("1 validation error detected: Value '" + *text +
                              "' at 'durationSeconds' failed to satisfy constraint: Member must "
                              "have value between "
                              "900 and 43200");
    }
    const auto* target = estate.account_by_role(*role_arn);
    const std::string denied =
        "User: " + caller.arn() +
        " is not authorized to perform: sts:AssumeRole on resource: " + *role_arn;
    // The role trusts its own account's base key; an ExternalId mismatch is
    // answered exactly like any other refusal (AWS gives no hint).
    if (target == nullptr || target != caller.account || caller.session)
        return aws_query_error(403, "AccessDenied", denied);
    const auto& o = target->options;
    if (!o.external_id.empty() && aws_param(params, "ExternalId") != o.external_id)
        return aws_query_error(403, "AccessDenied", denied);
    if (duration > o.max_session_duration.count())
        return validation(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

    const auto s = sessions.issue(o.id, o.role_arn, *session_name, duration, now);
    const aws_caller assumed{target, s};
    std::string result = "<AssumedRoleUser>";
    append_xml_element(result, "Arn", assumed.arn());
    append_xml_element(result, "AssumedRoleId", assumed.user_id());
    result += "</AssumedRoleUser><Credentials>";
    append_xml_element(result, "AccessKeyId", s.access_key_id);
    append_xml_element(result, "SecretAccessKey", s.secret_access_key);
    append_xml_element(result, "SessionToken", s.session_token);
    append_xml_element(result, "Expiration", detail::format_time(s.expiration));
    result += "</Credentials>";
    const std::string id = aws_request_id();
    return aws_xml_reply(response("AssumeRole", result, id), id);
}

reply caller_identity(const aws_caller& caller) {
    std::string result;
    append_xml_element(result, "Arn", caller.arn());
    append_xml_element(result, "UserId", caller.user_id());
    append_xml_element(result, "Account", caller.account->options.id);
    const std::string id = aws_request_id();
    return aws_xml_reply(response("GetCallerIdentity", result, id), id);
}

} // namespace

reply handle_sts(const aws_estate& estate, aws_sessions& sessions, const aws_caller& caller,
                 const aws_params& params, std::int64_t now) {
    const auto action = aws_param(params, "Action").value_or("");
    if (action == "AssumeRole")
        return assume_role(estate, sessions, caller, params, now);
    if (action == "GetCallerIdentity")
        return caller_identity(caller);
    return aws_query_error(400, "InvalidAction",
                           "Could not find operation " + action + " for version 2011-06-15");
}

} // namespace cloudsync::cloudsim
