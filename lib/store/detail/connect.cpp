#include "store/detail/connect.hpp"

#include "store/store_error.hpp"

#include <stdexcept>

namespace cloudsync::store::detail {
namespace {

// The password in a conninfo ("password=..." or "password='...'") or a URI
// ("postgresql://user:password@host/..."), or "" when there is none.
std::string password_of(const std::string& dsn) {
    auto key = dsn.find("password");
    if (key != std::string::npos) {
        auto pos = dsn.find_first_not_of(' ', key + 8);
        if (pos != std::string::npos && dsn[pos] == '=') {
            pos = dsn.find_first_not_of(' ', pos + 1);
            if (pos == std::string::npos)
                return {};
            if (dsn[pos] == '\'') {
                std::string value;
                for (++pos; pos < dsn.size() && dsn[pos] != '\''; ++pos) {
                    if (dsn[pos] == '\\' && pos + 1 < dsn.size())
                        ++pos;
                    value += dsn[pos];
                }
                return value;
            }
            auto end = dsn.find_first_of(" &", pos);
            return dsn.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        }
    }
    auto scheme = dsn.find("://");
    if (scheme == std::string::npos)
        return {};
    auto at = dsn.find('@', scheme);
    auto colon = dsn.find(':', scheme + 3);
    if (at == std::string::npos || colon == std::string::npos || colon > at)
        return {};
    return dsn.substr(colon + 1, at - colon - 1);
}

} // namespace

std::string scrub(std::string what, const cloudsync::secret& dsn) {
    auto password = password_of(dsn.reveal());
    if (password.size() >= 1) {
        for (auto pos = what.find(password); pos != std::string::npos;
             pos = what.find(password, pos + 3))
            what.replace(pos, password.size(), "***");
    }
    while (!what.empty() && (what.back() == '\n' || what.back() == ' '))
        what.pop_back();
    return what;
}

std::string describe(const std::string& context, std::exception_ptr error,
                     const cloudsync::secret& dsn) {
    try {
        std::rethrow_exception(error);
    } catch (const store_error& e) {
        return e.what(); // already scrubbed and in context
    } catch (const std::exception& e) {
        return context + ": " + scrub(e.what(), dsn);
    } catch (...) {
        return context + ": unknown error";
    }
}

pqxx::connection& session::get() {
    if (conn_ && conn_->is_open())
        return *conn_;
    conn_.reset();
    try {
        conn_ = std::make_unique<pqxx::connection>(dsn_.reveal());
    } catch (...) {
        throw store_error(describe("cannot connect to PostgreSQL", std::current_exception(), dsn_));
    }
    return *conn_;
}

} // namespace cloudsync::store::detail
