#include "cloudsim/aws_ecs.hpp"

#include "cloudsim/aws_reply.hpp"
#include "cloudsim/detail/aws_token.hpp"

#include <boost/json.hpp>

#include <optional>
#include <variant>

namespace cloudsync::cloudsim {

namespace json = boost::json;

namespace {

reply invalid(std::string_view message) {
    return aws_json_error(400, "InvalidParameterException", message);
}

// maxResults (1..100, default 100) and the position in list `kind`.
std::variant<std::pair<std::size_t, std::uint64_t>, reply> paging(const json::object& in,
                                                                  std::string_view kind) {
    std::size_t size = 100;
    if (const auto* max = in.if_contains("maxResults")) {
        if (!max->is_int64() || max->as_int64() < 1 || max->as_int64() > 100)
            return invalid("maxResults must be between 1 and 100.");
        size = static_cast<std::size_t>(max->as_int64());
    }
    std::uint64_t start = 0;
    if (const auto* token = in.if_contains("nextToken"); token && !token->is_null()) {
        const auto position =
            token->is_string() ? detail::aws_page_position(kind, token->as_string()) : std::nullopt;
        if (!position)
            return invalid("Invalid nextToken.");
        start = *position;
    }
    return std::pair{size, start};
}

const aws_cluster* find_cluster(const aws_account& a, const aws_region& r, std::string_view name) {
    for (const auto& c : r.clusters) {
        if (aws_cluster_name(c) == name || aws_cluster_arn(a, r, c) == name)
            return &c;
    }
    return nullptr;
}

reply list_clusters(const aws_account& a, const aws_region& r, const json::object& in) {
    const std::string kind = "ecs:clusters:" + r.name;
    auto page = paging(in, kind);
    if (auto* error = std::get_if<reply>(&page))
        return std::move(*error);
    const auto [size, start] = std::get<std::pair<std::size_t, std::uint64_t>>(page);
    json::object out;
    json::array arns;
    std::uint64_t k = start;
    for (; k < r.clusters.size() && arns.size() < size; ++k)
        arns.emplace_back(aws_cluster_arn(a, r, r.clusters[k]));
    out["clusterArns"] = std::move(arns);
    if (k < r.clusters.size())
        out["nextToken"] = detail::aws_page_token(kind, k);
    return aws_json_reply(json::serialize(out));
}

reply cluster_not_found() {
    return aws_json_error(400, "ClusterNotFoundException", "Cluster not found.");
}

reply list_tasks(const aws_account& a, const aws_region& r, const json::object& in) {
    const auto* name = in.if_contains("cluster");
    const std::string cluster_name =
        name && name->is_string() ? std::string(name->as_string()) : "default";
    const auto* cluster = find_cluster(a, r, cluster_name);
    if (cluster == nullptr)
        return cluster_not_found();
    std::string desired = "RUNNING";
    if (const auto* d = in.if_contains("desiredStatus"); d && d->is_string())
        desired = d->as_string();
    if (desired != "RUNNING" && desired != "PENDING" && desired != "STOPPED")
        return invalid("desiredStatus must be RUNNING, PENDING or STOPPED.");
    const std::string kind =
        "ecs:tasks:" + r.name + ":" + aws_cluster_name(*cluster) + ":" + desired;
    auto page = paging(in, kind);
    if (auto* error = std::get_if<reply>(&page))
        return std::move(*error);
    const auto [size, start] = std::get<std::pair<std::size_t, std::uint64_t>>(page);
    json::array arns;
    std::uint64_t k = start;
    for (; k < cluster->tasks.size() && arns.size() < size; ++k) {
        const auto& t = cluster->tasks[k];
        // A task's desired status: STOPPED once it stopped, RUNNING before.
        const bool stopped = aws_task_last_status(t) == "STOPPED";
        if ((desired == "STOPPED") != stopped)
            continue;
        arns.emplace_back(aws_task_arn(a, r, *cluster, t));
    }
    json::object out;
    out["taskArns"] = std::move(arns);
    if (k < cluster->tasks.size())
        out["nextToken"] = detail::aws_page_token(kind, k);
    return aws_json_reply(json::serialize(out));
}

json::object task_json(const aws_account& a, const aws_region& r, const aws_cluster& c,
                       const aws_task& t) {
    const std::string arn = aws_task_arn(a, r, c, t);
    const std::string status = aws_task_last_status(t);
    const double created = 1704067200.0 + static_cast<double>(t.hash % (200ULL * 86400));
    json::object task;
    task["taskArn"] = arn;
    task["clusterArn"] = aws_cluster_arn(a, r, c);
    task["taskDefinitionArn"] = "arn:aws:ecs:" + r.name + ":" + a.options.id +
                                ":task-definition/app-" + std::to_string(t.hash % 5) + ":3";
    task["lastStatus"] = status;
    task["desiredStatus"] = status == "STOPPED" ? "STOPPED" : "RUNNING";
    task["launchType"] = t.index % 3 == 0 ? "EC2" : "FARGATE";
    task["cpu"] = "256";
    task["memory"] = "512";
    task["createdAt"] = created;
    if (status != "PENDING")
        task["startedAt"] = created + 20.5;
    if (status == "STOPPED") {
        task["stoppedAt"] = created + 3600.0;
        task["stoppedReason"] = "Essential container in task exited";
    }
    task["group"] = "service:app-" + std::to_string(t.hash % 5);
    task["availabilityZone"] = aws_availability_zone(r, t.hash % 3);
    task["connectivity"] = status == "PENDING" ? "DISCONNECTED" : "CONNECTED";
    task["version"] = 3;
    json::array containers;
    const auto images = aws_task_images(t);
    for (std::size_t n = 0; n < images.size(); ++n) {
        json::object container;
        container["containerArn"] = "arn:aws:ecs:" + r.name + ":" + a.options.id + ":container/" +
                                    aws_cluster_name(c) + "/" + aws_task_id(t) + "/" +
                                    std::to_string(n);
        container["taskArn"] = arn;
        container["name"] = n == 0 ? "app" : "log-router";
        container["image"] = images[n];
        container["lastStatus"] = status;
        container["cpu"] = n == 0 ? "192" : "64";
        containers.push_back(std::move(container));
    }
    task["containers"] = std::move(containers);
    task["tags"] = json::array{
        json::object{{"key", "owner"}, {"value", "team-" + std::to_string(t.hash % 7)}}};
    return task;
}

reply describe_tasks(const aws_account& a, const aws_region& r, const json::object& in) {
    const auto* name = in.if_contains("cluster");
    const std::string cluster_name =
        name && name->is_string() ? std::string(name->as_string()) : "default";
    const auto* wanted = in.if_contains("tasks");
    if (wanted == nullptr || !wanted->is_array() || wanted->as_array().empty())
        return invalid("Tasks cannot be empty.");
    if (wanted->as_array().size() > 100)
        return invalid("Tasks cannot have more than 100 elements.");
    const auto* cluster = find_cluster(a, r, cluster_name);
    if (cluster == nullptr)
        return cluster_not_found();
    json::array tasks;
    json::array failures;
    for (const auto& w : wanted->as_array()) {
        const std::string key = w.is_string() ? std::string(w.as_string()) : "";
        const aws_task* found = nullptr;
        for (const auto& t : cluster->tasks) {
            if (aws_task_arn(a, r, *cluster, t) == key || aws_task_id(t) == key)
                found = &t;
        }
        if (found != nullptr)
            tasks.push_back(task_json(a, r, *cluster, *found));
        else
            failures.push_back(json::object{{"arn", key}, {"reason", "MISSING"}});
    }
    return aws_json_reply(json::serialize(
        json::object{{"tasks", std::move(tasks)}, {"failures", std::move(failures)}}));
}

} // namespace

reply handle_ecs(const aws_account& account, const aws_region& region, std::string_view operation,
                 std::string_view body) {
    json::error_code ec;
    auto parsed = json::parse(body.empty() ? std::string_view("{}") : body, ec);
    if (ec || !parsed.is_object())
        return aws_json_error(400, "SerializationException",
                              "The request body is not a JSON object.");
    const auto& in = parsed.as_object();
    if (operation == "ListClusters")
        return list_clusters(account, region, in);
    if (operation == "ListTasks")
        return list_tasks(account, region, in);
    if (operation == "DescribeTasks")
        return describe_tasks(account, region, in);
    return aws_json_error(400, "UnknownOperationException",
                          "The operation " + std::string(operation) + " is not served.");
}

} // namespace cloudsync::cloudsim
