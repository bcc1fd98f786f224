#include "api/bearer.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

using namespace cloudsync;
using api::auth_verdict;

TEST(ConstantTimeEqual, ComparesContent) {
    EXPECT_TRUE(api::constant_time_equal("abc", "abc"));
    EXPECT_TRUE(api::constant_time_equal("", ""));
    EXPECT_FALSE(api::constant_time_equal("abc", "abd"));
    EXPECT_FALSE(api::constant_time_equal("abc", "abcd"));
    EXPECT_FALSE(api::constant_time_equal("abc", ""));
    const std::string with_nul("a\0b", 3);
    EXPECT_FALSE(api::constant_time_equal(with_nul, "a"));
    EXPECT_TRUE(api::constant_time_equal(with_nul, std::string("a\0b", 3)));
}

TEST(BearerAuth, ChecksTheBearerScheme) {
    const api::bearer_auth auth(secret("tok-123"));
    EXPECT_TRUE(auth.configured());
    EXPECT_EQ(auth.check("Bearer tok-123", false), auth_verdict::ok);
    EXPECT_EQ(auth.check("bearer tok-123", true), auth_verdict::ok);
    EXPECT_EQ(auth.check("BEARER   tok-123 ", true), auth_verdict::ok);
    EXPECT_EQ(auth.check("Bearer tok-124", false), auth_verdict::invalid);
    EXPECT_EQ(auth.check("Bearer tok-12", false), auth_verdict::invalid);
    EXPECT_EQ(auth.check("", false), auth_verdict::missing);
    EXPECT_EQ(auth.check("Bearer", false), auth_verdict::missing);
    EXPECT_EQ(auth.check("Bearer ", false), auth_verdict::missing);
    EXPECT_EQ(auth.check("Basic dG9rLTEyMw==", false), auth_verdict::missing);
    EXPECT_EQ(auth.check("Bearertok-123", false), auth_verdict::missing);
    EXPECT_EQ(auth.check("Bearer tok 123", false), auth_verdict::missing);
}

TEST(BearerAuth, WithoutTokenOnlyRequiredRoutesRefuse) {
    const api::bearer_auth auth(std::nullopt);
    EXPECT_FALSE(auth.configured());
    EXPECT_EQ(auth.check("", false), auth_verdict::ok);
    EXPECT_EQ(auth.check("Bearer x", true), auth_verdict::not_configured);
}

TEST(BearerAuth, EmptyTokenIsAConfigurationError) {
    EXPECT_THROW(api::bearer_auth(secret("")), cloudsync::error);
}
