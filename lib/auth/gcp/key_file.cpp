#include "auth/gcp/key_file.hpp"

#include "auth/error.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace cloudsync::auth::gcp {

namespace {

class reader {
public:
    reader(const boost::json::object& doc, std::string origin)
        : doc_(doc), origin_(std::move(origin)) {}

    [[noreturn]] void fail(const std::string& problem) const {
        throw auth_error(origin_ + ": " + problem);
    }

    // The member's text; "" when absent or null. Throws when it is another type.
    std::string optional(std::string_view name) const {
        const auto it = doc_.find(name);
        if (it == doc_.end() || it->value().is_null())
            return {};
        if (!it->value().is_string())
            fail(std::string(name) + " is not a string");
        return std::string(it->value().get_string());
    }

    std::string required(std::string_view name) const {
        auto text = optional(name);
        if (text.empty())
            fail(std::string(name) + " is missing or empty");
        return text;
    }

private:
    const boost::json::object& doc_;
    std::string origin_;
};

// Type words are short identifiers; anything else is not echoed (it could be
// a pasted secret).
std::string shown_type(const std::string& type) {
    const bool word = !type.empty() && type.size() <= 40 &&
                      std::all_of(type.begin(), type.end(),
                                  [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    return word ? "\"" + type + "\"" : "this type";
}

service_account_key read_service_account(const reader& in) {
    service_account_key key;
    key.client_email = in.required("client_email");
    key.private_key = secret(in.required("private_key"));
    key.private_key_id = in.optional("private_key_id");
    if (auto uri = in.optional("token_uri"); !uri.empty())
        key.token_uri = std::move(uri);
    key.project_id = in.optional("project_id");
    return key;
}

authorized_user_key read_authorized_user(const reader& in) {
    authorized_user_key key;
    key.client_id = in.required("client_id");
    key.client_secret = secret(in.required("client_secret"));
    key.refresh_token = secret(in.required("refresh_token"));
    key.quota_project_id = in.optional("quota_project_id");
    return key;
}

} // namespace

credentials_file parse_credentials_file(const secret& text, std::string_view origin) {
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(text.reveal(), ec);
    if (ec || !doc.is_object())
        throw auth_error(std::string(origin) + ": not a JSON object (a google credentials file "
                                               "is the JSON object Google's tools write)");
    const reader in(doc.get_object(), std::string(origin));
    const auto type = in.optional("type");
    if (type == "service_account")
        return read_service_account(in);
    if (type == "authorized_user")
        return read_authorized_user(in);
    if (type.empty())
        in.fail("type is missing (expected service_account or authorized_user)");
    in.fail("type " + shown_type(type) +
            " is not supported (expected service_account or authorized_user)");
}

} // namespace cloudsync::auth::gcp
