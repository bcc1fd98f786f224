#include "collectors/azure/metric_batch.hpp"

#include "collectors/azure/metric_samples.hpp"
#include "collectors/errors.hpp"
#include "core/text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>

namespace cloudsync::collectors::azure {

region_batcher::region_batcher(std::size_t per_call) : per_call_(per_call) {
    if (per_call_ == 0 || per_call_ > max_resources_per_batch)
        throw options_error("azure metrics: resources per call must be 1.." +
                            std::to_string(max_resources_per_batch));
}

std::optional<metric_batch> region_batcher::add(std::string region, std::string resource_id) {
    auto& ids = pending_[region];
    ids.push_back(std::move(resource_id));
    if (ids.size() < per_call_)
        return std::nullopt;
    metric_batch full{std::move(region), std::move(ids)};
    pending_.erase(full.region);
    return full;
}

std::vector<metric_batch> region_batcher::drain() {
    std::vector<metric_batch> out;
    out.reserve(pending_.size());
    for (auto& [region, ids] : pending_)
        if (!ids.empty())
            out.push_back({region, std::move(ids)});
    pending_.clear();
    return out;
}

std::optional<std::string> metric_region(std::string_view location) {
    if (location.empty())
        return std::nullopt;
    std::string out = to_lower(location);
    const bool clean = std::all_of(out.begin(), out.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
    if (!clean)
        return std::nullopt;
    return out;
}

std::string regional_endpoint(std::string_view endpoint_template, std::string_view region) {
    constexpr std::string_view marker = "{region}";
    std::string out;
    std::size_t from = 0;
    for (auto at = endpoint_template.find(marker); at != std::string_view::npos;
         at = endpoint_template.find(marker, from)) {
        out.append(endpoint_template.substr(from, at - from));
        out.append(region);
        from = at + marker.size();
    }
    out.append(endpoint_template.substr(from));
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    return out;
}

metric_query vm_metric_query() {
    metric_query query;
    for (auto name : vm_metric_names)
        query.metric_names.emplace_back(name);
    return query;
}

std::string batch_url(std::string_view endpoint, std::string_view subscription,
                      const common::metric_window& window, const metric_query& query) {
    const auto encode = [](std::string_view value) {
        return boost::urls::encode(value, boost::urls::unreserved_chars);
    };
    std::string names;
    for (const auto& name : query.metric_names)
        names += (names.empty() ? "" : ",") + name;
    std::string url(endpoint);
    url += "/subscriptions/" + encode(subscription) + "/metrics:getBatch";
    url += "?api-version=" + encode(query.api_version);
    url += "&starttime=" + encode(common::format_utc(window.start));
    url += "&endtime=" + encode(common::format_utc(window.end));
    url += "&interval=" + encode(query.interval);
    url += "&metricnamespace=" + encode(query.metric_namespace);
    url += "&metricnames=" + encode(names);
    url += "&aggregation=" + encode(query.aggregation);
    return url;
}

std::string batch_body(const std::vector<std::string>& resource_ids) {
    boost::json::array ids;
    ids.reserve(resource_ids.size());
    for (const auto& id : resource_ids)
        ids.emplace_back(id);
    boost::json::object body;
    body["resourceids"] = std::move(ids);
    return boost::json::serialize(body);
}

} // namespace cloudsync::collectors::azure
