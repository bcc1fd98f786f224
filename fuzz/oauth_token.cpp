// fuzz_oauth_token: a token endpoint's answer body (auth/oauth_token.hpp, Entra
// ID and Google) and Azure IMDS's (auth/azure/imds_token.hpp), read as a 200 and
// as a 400. The contract: a token or an auth_error, nothing else; a token has a
// value and a positive lifetime.
#include "auth/azure/imds_token.hpp"
#include "auth/error.hpp"
#include "auth/oauth_token.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace cloudsync::auth;
constexpr std::string_view endpoint = "https://login.example/tenant/oauth2/v2.0/token";

void check(const bearer_token& token) {
    if (token.value.empty() || token.lifetime.count() <= 0)
        std::abort();
}

template <class Parse> void parse_as(Parse parse) {
    try {
        check(parse());
    } catch (const auth_error& e) {
        (void)e.what();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const cloudsync::clock::system_time now{std::chrono::seconds{1'796'212'800}};
    for (const unsigned status : {200u, 400u}) {
        parse_as([&] { return parse_token_answer(status, body, endpoint); });
        parse_as([&] { return azure::parse_imds_token_response(status, body, endpoint, now); });
    }
    return 0;
}
