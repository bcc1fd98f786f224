// The identity platform's client-credentials form, as Microsoft documents it.
#include "auth/azure/token_request.hpp"

#include <gtest/gtest.h>

namespace cloudsync::auth::azure {
namespace {

TEST(FormBody, MatchesTheDocumentedRequest) {
    EXPECT_EQ(client_credentials_form("535fb089-9ff3-47b6-9bfb-4f1264799865",
                                      "https://graph.microsoft.com/.default",
                                      secret("sampleCredentials")),
              "client_id=535fb089-9ff3-47b6-9bfb-4f1264799865"
              "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
              "&client_secret=sampleCredentials&grant_type=client_credentials");
}

TEST(FormBody, EncodesEveryReservedByteOfTheSecret) {
    EXPECT_EQ(client_credentials_form("c", "s", secret("a b&c=d+e/f?g%h~i.j_k-l")),
              "client_id=c&scope=s&client_secret=a%20b%26c%3Dd%2Be%2Ff%3Fg%25h~i.j_k-l"
              "&grant_type=client_credentials");
}

} // namespace
} // namespace cloudsync::auth::azure
