// Cloud Run pages: the real captures (gcpdiag's v1 locations list and v2
// services list), every service with every column, the state mapping, paging,
// empty lists, and pages that must be refused with the field named.
#include "collectors/gcp/run_location_page.hpp"
#include "collectors/gcp/run_service_page.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::gcp {
namespace {

constexpr std::string_view locations_url =
    "https://run.googleapis.com/v1/projects/p/locations?pageSize=1000";
constexpr std::string_view services_url =
    "https://run.googleapis.com/v2/projects/p/locations/us-central1/services?pageSize=1000";

const inventory::container_columns& ct(const inventory::record& rec) {
    return std::get<inventory::container_columns>(rec.columns);
}

TEST(GcpRunLocationPage, ParsesGcpdiagListByLocationId) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::gcp_fixture("run/locations.list.v1.gcpdiag-cloudrun2.json");
    const auto page = parse_run_location_page(text, locations_url);
    EXPECT_FALSE(page.next_page_token);
    EXPECT_TRUE(page.complete);
    const auto doc = boost::json::parse(text);
    const auto& listed = doc.at("locations").as_array();
    ASSERT_EQ(page.items.size(), listed.size());
    ASSERT_EQ(page.items.size(), 40u);
    for (std::size_t i = 0; i < listed.size(); ++i) {
        EXPECT_EQ(page.items[i], listed[i].at("locationId").as_string());
        // The real name lacks "projects/": the id is never taken from it.
        const std::string name(listed[i].at("name").as_string());
        EXPECT_EQ(name, "gcpdiag-cloudrun2-aaaa/locations/" + page.items[i]);
    }
    EXPECT_EQ(page.items.front(), "africa-south1");
    EXPECT_EQ(page.items.back(), "us-west4");
    EXPECT_NE(std::find(page.items.begin(), page.items.end(), "us-central1"), page.items.end());
}

TEST(GcpRunServicePage, ParsesGcpdiagListEveryServiceEveryColumn) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::gcp_fixture("run/services.list.v2.gcpdiag-cloudrun2.json");
    const auto page = parse_run_service_page(text, services_url);
    EXPECT_FALSE(page.next_page_token);
    EXPECT_TRUE(page.complete);
    ASSERT_EQ(page.items.size(), 3u);
    const std::vector<std::string> names{"invalid-container", "no-image-permission",
                                         "image-does-not-exist"};
    const std::vector<std::string> images{
        "us-central1-docker.pkg.dev/gcpdiag-cloudrun2-aaaa/cloudrun-repository/not_http_image",
        "gcr.io/private-project/image",
        "us-central1-docker.pkg.dev/gcpdiag-cloudrun2-aaaa/cloudrun-repository/missing-image"};
    const auto doc = boost::json::parse(text);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& rec = page.items[i];
        EXPECT_EQ(rec.native_id,
                  "//run.googleapis.com/projects/gcpdiag-cloudrun2-aaaa/locations/us-central1/"
                  "services/" +
                      names[i]);
        EXPECT_EQ(rec.name, names[i]);
        EXPECT_EQ(rec.region, "us-central1");
        EXPECT_EQ(rec.tags, "{}"); // none of the three has labels
        EXPECT_EQ(inventory::table_of(rec), inventory::table::containers);
        EXPECT_EQ(ct(rec).state, "failed"); // terminalCondition CONDITION_FAILED, all three
        EXPECT_EQ(ct(rec).images, std::vector<std::string>{images[i]});
        EXPECT_EQ(boost::json::parse(rec.raw), doc.at("services").at(i));
    }
}

std::string services_of(std::string_view service) {
    return R"({"services":[)" + std::string(service) + "]}";
}

inventory::record one(std::string_view service) {
    const auto page = parse_run_service_page(services_of(service), services_url);
    EXPECT_EQ(page.items.size(), 1u);
    return page.items.at(0);
}

constexpr std::string_view named = R"("name":"projects/p/locations/europe-west4/services/web")";

TEST(GcpRunServicePage, StateFromTheTerminalCondition) {
    const auto with_state = [](std::string_view state) {
        return one("{" + std::string(named) + R"(,"terminalCondition":{"type":"Ready","state":")" +
                   std::string(state) + "\"}}");
    };
    EXPECT_EQ(ct(with_state("CONDITION_SUCCEEDED")).state, "running");
    EXPECT_EQ(ct(with_state("CONDITION_FAILED")).state, "failed");
    EXPECT_EQ(ct(with_state("CONDITION_PENDING")).state, "pending");
    EXPECT_EQ(ct(with_state("CONDITION_RECONCILING")).state, "pending");
    EXPECT_EQ(ct(with_state("STATE_UNSPECIFIED")).state, "unknown");
    EXPECT_EQ(ct(with_state("condition_succeeded")).state, "unknown"); // enums are exact
    EXPECT_EQ(ct(one("{" + std::string(named) + R"(,"terminalCondition":{}})")).state, "unknown");
    EXPECT_EQ(ct(one("{" + std::string(named) + "}")).state, "unknown");
}

TEST(GcpRunServicePage, ImagesLabelsRegionAndPaging) {
    const auto page = parse_run_service_page(
        R"({"services":[{"name":"projects/p/locations/europe-west4/services/web",)"
        R"("labels":{"env":"prod","team":"a"},"template":{"containers":[)"
        R"({"name":"app","image":"europe-docker.pkg.dev/p/r/web:1"},{"name":"sidecar"},)"
        R"({"image":"gcr.io/p/proxy@sha256:00"}]}},)"
        R"({"name":"projects/p/locations/europe-west4/services/api","template":{}}],)"
        R"("nextPageToken":"CgNhcGk"})",
        services_url);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.next_page_token, "CgNhcGk");
    EXPECT_EQ(page.items[0].region, "europe-west4");
    EXPECT_EQ(page.items[0].tags, R"({"env":"prod","team":"a"})");
    EXPECT_EQ(ct(page.items[0]).images, (std::vector<std::string>{"europe-docker.pkg.dev/p/r/web:1",
                                                                  "gcr.io/p/proxy@sha256:00"}));
    EXPECT_EQ(page.items[1].name, "api");
    EXPECT_TRUE(ct(page.items[1]).images.empty());
}

TEST(GcpRunPages, EmptyListsHaveNoItems) {
    EXPECT_TRUE(parse_run_service_page("{}", services_url).items.empty());
    EXPECT_TRUE(parse_run_service_page(R"({"services":null})", services_url).items.empty());
    EXPECT_FALSE(parse_run_service_page(R"({"services":[],"nextPageToken":""})", services_url)
                     .next_page_token);
    EXPECT_TRUE(parse_run_location_page("{}", locations_url).items.empty());
    const auto next = parse_run_location_page(R"({"locations":[{"locationId":"us-east1"}],)"
                                              R"("nextPageToken":"t2"})",
                                              locations_url);
    EXPECT_EQ(next.items, std::vector<std::string>{"us-east1"});
    EXPECT_EQ(next.next_page_token, "t2");
}

template <class Parse>
void expect_refused(Parse parse, std::string_view text, std::string_view url,
                    std::string_view words) {
    try {
        parse(text, url);
        ADD_FAILURE() << "accepted " << text;
    } catch (const page_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(words), std::string::npos) << what;
        EXPECT_NE(what.find("GET /v"), std::string::npos) << what;
        EXPECT_EQ(what.find("pageSize"), std::string::npos) << what; // no query
    }
}

void service_refused(std::string_view text, std::string_view words) {
    expect_refused(
        [](std::string_view t, std::string_view u) { return parse_run_service_page(t, u); }, text,
        services_url, words);
}

void location_refused(std::string_view text, std::string_view words) {
    expect_refused(
        [](std::string_view t, std::string_view u) { return parse_run_location_page(t, u); }, text,
        locations_url, words);
}

TEST(GcpRunServicePage, RefusesMalformedPagesNamingTheField) {
    service_refused("", "not JSON");
    service_refused(R"({"services":[)", "not JSON");
    service_refused("[]", "is not a JSON object");
    service_refused(R"({"services":{"a":{}}})", "services is not an array");
    service_refused(R"({"services":"x"})", "services is not an array");
    service_refused(R"({"services":[1]})", "services[0] is not an object");
    service_refused(R"({"services":[{}]})", "services[0] has no name");
    service_refused(R"({"services":[{"name":""}]})", "services[0] has no name");
    service_refused(R"({"services":[{"name":7}]})", "services[0].name is not a string");
    for (const auto* bad :
         {"web", "projects/p/locations/l/services", "projects/p/services/web",
          "projects/p/locations//services/web", "projects/p/locations/l/services/web/revisions/r",
          "x/projects/p/locations/l/services/web", "projects/p/locations/l/services/web?x=1",
          "//run.googleapis.com/projects/p/locations/l/services/web"})
        service_refused(R"({"services":[{"name":")" + std::string(bad) + "\"}]}",
                        "services[0].name is not a service name");
    const std::string n(named);
    service_refused(R"({"services":[{)" + n + R"(,"labels":[]}]})",
                    "services[0].labels is not an object");
    service_refused(R"({"services":[{)" + n + R"(,"labels":{"k":1}}]})",
                    "services[0].labels[\"k\"] is not a string");
    service_refused(R"({"services":[{)" + n + R"(,"terminalCondition":"ok"}]})",
                    "services[0].terminalCondition is not an object");
    service_refused(R"({"services":[{)" + n + R"(,"terminalCondition":{"state":1}}]})",
                    "services[0].terminalCondition.state is not a string");
    service_refused(R"({"services":[{)" + n + R"(,"template":[]}]})",
                    "services[0].template is not an object");
    service_refused(R"({"services":[{)" + n + R"(,"template":{"containers":{}}}]})",
                    "services[0].template.containers is not an array");
    service_refused(R"({"services":[{)" + n + R"(,"template":{"containers":["img"]}}]})",
                    "services[0].template.containers[0] is not an object");
    service_refused(R"({"services":[{)" + n + R"(,"template":{"containers":[{"image":2}]}}]})",
                    "services[0].template.containers[0].image is not a string");
    service_refused(R"({"services":[],"nextPageToken":5})", "nextPageToken is not a string");
}

TEST(GcpRunLocationPage, RefusesMalformedPagesNamingTheField) {
    location_refused("nope", "not JSON");
    location_refused(R"({"locations":{}})", "locations is not an array");
    location_refused(R"({"locations":[[]]})", "locations[0] is not an object");
    location_refused(R"({"locations":[{"name":"p/locations/us-east1"}]})",
                     "locations[0] has no locationId");
    location_refused(R"({"locations":[{"locationId":3}]})",
                     "locations[0].locationId is not a string");
    for (const auto* bad : {"", "us-east1/../x", "US-EAST1", "us east1", "us-east1?x"})
        location_refused(R"({"locations":[{"locationId":")" + std::string(bad) + "\"}]}",
                         "locations[0].locationId is not a location id");
    location_refused(R"({"locations":[],"nextPageToken":[]})", "nextPageToken is not a string");
}

TEST(GcpRunServicePage, HostileValuesStayData) {
    const auto rec =
        one(R"({"name":"projects/p/locations/l/services/a\"b","labels":{"x\"y":"\u0000"},)"
            R"("template":{"containers":[{"image":"\u0001'; DROP"}]}})");
    EXPECT_EQ(rec.name, "a\"b");
    EXPECT_EQ(ct(rec).images, std::vector<std::string>{"\x01'; DROP"});
    EXPECT_NO_THROW(boost::json::parse(rec.raw));
    EXPECT_NO_THROW(boost::json::parse(rec.tags));
    std::string many = R"({"services":[)";
    for (int i = 0; i < 3000; ++i)
        many += (i ? "," : "") + std::string(R"({"name":"projects/p/locations/l/services/s)") +
                std::to_string(i) + "\"}";
    many += "]}";
    EXPECT_EQ(parse_run_service_page(many, services_url).items.size(), 3000u);
}

} // namespace
} // namespace cloudsync::collectors::gcp
