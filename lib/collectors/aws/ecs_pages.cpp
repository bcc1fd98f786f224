#include "collectors/aws/ecs_pages.hpp"

#include "collectors/aws/detail/arn.hpp"
#include "collectors/common/url.hpp"
#include "collectors/errors.hpp"
#include "core/json.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace cloudsync::collectors::aws {

namespace {

[[noreturn]] void fail(const std::string& place, std::string_view problem) {
    throw page_error("malformed ECS page: " + place + " " + std::string(problem));
}

std::string at(const std::string& place, std::size_t index) {
    return place + "[" + std::to_string(index) + "]";
}

std::string member(const std::string& place, std::string_view key) {
    return place.empty() ? std::string(key) : place + "." + std::string(key);
}

const boost::json::value* present(const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value == nullptr || value->is_null() ? nullptr : value;
}

const boost::json::object& object_at(const boost::json::value& value, const std::string& place) {
    const auto* object = value.if_object();
    if (object == nullptr)
        fail(place, "is not an object");
    return *object;
}

const boost::json::array* optional_array(const boost::json::object& object, std::string_view key,
                                         const std::string& place) {
    const auto* value = present(object, key);
    if (value == nullptr)
        return nullptr;
    if (!value->is_array())
        fail(member(place, key), "is not an array");
    return &value->get_array();
}

std::string string_or_empty(const boost::json::object& object, std::string_view key,
                            const std::string& place) {
    const auto* value = present(object, key);
    if (value == nullptr)
        return {};
    if (!value->is_string())
        fail(member(place, key), "is not a string");
    return std::string(value->get_string());
}

boost::json::value parse_body(std::string_view json) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(json, ec);
    if (ec)
        throw page_error("malformed ECS page: not JSON");
    if (!doc.is_object())
        throw page_error("malformed ECS page: not a JSON object");
    return doc;
}

token_page<std::string> parse_arn_list(std::string_view json, std::string_view key) {
    const auto doc = parse_body(json);
    const auto& root = doc.get_object();
    token_page<std::string> out;
    if (const auto* arns = optional_array(root, key, "")) {
        for (std::size_t i = 0; i < arns->size(); ++i) {
            const auto* arn = (*arns)[i].if_string();
            if (arn == nullptr || !detail::is_arn(*arn))
                fail(at(std::string(key), i), "is not an ARN");
            out.items.emplace_back(*arn);
        }
    }
    if (auto token = string_or_empty(root, "nextToken", ""); !token.empty())
        out.next_token = std::move(token);
    return out;
}

// "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:6" -> "hello_world:6".
std::string family_revision(std::string_view task_definition_arn) {
    const auto slash = task_definition_arn.find('/');
    return slash == std::string_view::npos ? std::string()
                                           : std::string(task_definition_arn.substr(slash + 1));
}

std::string tags_of(const boost::json::object& task, const std::string& place) {
    boost::json::object tags;
    const auto* list = optional_array(task, "tags", place);
    for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
        const auto tag_at = at(member(place, "tags"), i);
        const auto& tag = object_at((*list)[i], tag_at);
        auto key = string_or_empty(tag, "key", tag_at);
        if (key.empty())
            fail(tag_at, "has no key");
        tags[key] = string_or_empty(tag, "value", tag_at);
    }
    return json::to_text(tags);
}

// The task without the values of its container overrides' environment.
std::string task_raw(const boost::json::value& task) {
    const auto* overrides = json::find(task, {"overrides", "containerOverrides"});
    if (overrides == nullptr || !overrides->is_array())
        return json::to_text(task);
    boost::json::value copy(task);
    for (auto& entry : copy.at("overrides").at("containerOverrides").as_array()) {
        auto* environment =
            entry.is_object() ? entry.get_object().if_contains("environment") : nullptr;
        if (environment == nullptr || !environment->is_array())
            continue;
        for (auto& variable : environment->get_array())
            if (auto* object = variable.if_object())
                object->erase("value");
    }
    return json::to_text(copy);
}

inventory::record parse_task(const boost::json::value& value, std::string_view region,
                             const std::string& place) {
    const auto& task = object_at(value, place);
    inventory::record rec;
    rec.native_id = string_or_empty(task, "taskArn", place);
    if (rec.native_id.empty())
        fail(place, "has no taskArn");
    if (!detail::is_arn(rec.native_id))
        fail(member(place, "taskArn"), "is not an ARN");
    rec.name = family_revision(string_or_empty(task, "taskDefinitionArn", place));
    if (rec.name.empty())
        rec.name = common::last_segment(rec.native_id);
    rec.region = std::string(region);
    rec.tags = tags_of(task, place);
    inventory::container_columns columns;
    columns.state = string_or_empty(task, "lastStatus", place);
    const auto* containers = optional_array(task, "containers", place);
    for (std::size_t i = 0; containers != nullptr && i < containers->size(); ++i) {
        const auto container_at = at(member(place, "containers"), i);
        const auto& container = object_at((*containers)[i], container_at);
        auto image = string_or_empty(container, "image", container_at);
        if (!image.empty() &&
            std::find(columns.images.begin(), columns.images.end(), image) == columns.images.end())
            columns.images.push_back(std::move(image));
    }
    rec.columns = std::move(columns);
    rec.raw = task_raw(value);
    return rec;
}

} // namespace

token_page<std::string> parse_cluster_list(std::string_view json) {
    return parse_arn_list(json, "clusterArns");
}

token_page<std::string> parse_task_list(std::string_view json) {
    return parse_arn_list(json, "taskArns");
}

task_page parse_task_page(std::string_view json, std::string_view region) {
    const auto doc = parse_body(json);
    const auto& root = doc.get_object();
    task_page out;
    if (const auto* tasks = optional_array(root, "tasks", "")) {
        out.items.reserve(tasks->size());
        for (std::size_t i = 0; i < tasks->size(); ++i)
            out.items.push_back(parse_task((*tasks)[i], region, at("tasks", i)));
    }
    if (const auto* failures = optional_array(root, "failures", "")) {
        for (std::size_t i = 0; i < failures->size(); ++i) {
            const auto place = at("failures", i);
            const auto& failure = object_at((*failures)[i], place);
            out.failures.push_back({string_or_empty(failure, "arn", place),
                                    string_or_empty(failure, "reason", place),
                                    string_or_empty(failure, "detail", place)});
        }
    }
    return out;
}

} // namespace cloudsync::collectors::aws
