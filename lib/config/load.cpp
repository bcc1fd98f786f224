#include "config/load.hpp"

#include "config/detail/reader.hpp"
#include "config/detail/secrets.hpp"
#include "config/detail/sections.hpp"

#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <system_error>

namespace cloudsync::config {
namespace {

constexpr std::size_t max_config_bytes = 4 << 20;

// Records where each document of a stream starts; ignores everything else.
class document_starts final : public YAML::EventHandler {
public:
    std::vector<YAML::Mark> marks;

    void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// yaml-cpp 0.7 (Debian 12) never ends YAML::LoadAll on some malformed text, a
// lone "," for one: its parser hands out an empty document at the same place
// again and again, and memory grows until the process is killed
// (jbeder/yaml-cpp#1040; found by fuzz_config). The documents are walked here
// first: one starting where the previous one did is that loop, refused as
// malformed yaml at that place. Every other walk consumes input, so it ends.
void refuse_stuck_stream(const std::string& text, const std::string& file) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    document_starts starts;
    while (parser.HandleNextDocument(starts)) {
        const auto& m = starts.marks;
        if (m.size() < 2 || m[m.size() - 1].pos != m[m.size() - 2].pos)
            continue;
        const auto& at = m.back();
        const auto pos = static_cast<std::size_t>(at.pos);
        const char c = pos < text.size() ? text[pos] : '\0';
        throw config_error(file, at.line + 1, at.column + 1, "",
                           c > ' ' && c < 0x7f ? std::string("malformed yaml: unexpected '") + c + "'"
                                               : std::string("malformed yaml: unexpected input"));
    }
}

std::vector<YAML::Node> parse_documents(const std::string& text, const std::string& file) {
    try {
        refuse_stuck_stream(text, file);
        return YAML::LoadAll(text);
    } catch (const YAML::ParserException& e) {
        // e.msg is yaml-cpp's description without the input text.
        throw config_error(file, e.mark.line + 1, e.mark.column + 1, "",
                           "malformed yaml: " + e.msg);
    }
}

config build(const YAML::Node& root, detail::load_context& context) {
    detail::value top(context, root, "", root.Mark());
    if (!root.IsMap())
        top.fail("expected a mapping at the top level");
    detail::object o(top, {"database", "api", "log", "tenants", "accounts", "schedule",
                           "collection", "metrics", "history", "cluster"});
    config result;
    result.source = context.file;
    result.database = detail::read_database(o.require("database"));
    if (auto api = o.get("api"))
        result.api = detail::read_api(*api);
    if (auto log = o.get("log"))
        result.log = detail::read_log(*log);
    result.tenants = detail::read_tenants(o.require("tenants"));
    result.accounts = detail::read_accounts(o.require("accounts"), result.tenants);
    if (auto schedule = o.get("schedule"))
        result.schedule = detail::read_schedule(*schedule);
    if (auto collection = o.get("collection"))
        result.collection = detail::read_collection(*collection);
    if (auto metrics = o.get("metrics"))
        result.metrics = detail::read_metrics(*metrics);
    if (auto history = o.get("history"))
        result.history = detail::read_history(*history);
    if (auto cluster = o.get("cluster"))
        result.cluster = detail::read_cluster(*cluster);
    return result;
}

loaded load(std::string_view yaml, std::string display_name, std::filesystem::path base_dir) {
    detail::load_context context{std::move(display_name), std::move(base_dir), {}};
    auto documents = parse_documents(std::string(yaml), context.file);
    if (documents.empty() || documents.front().IsNull())
        throw config_error(context.file, 1, 1, "", "config is empty");
    if (documents.size() > 1) {
        auto mark = documents[1].Mark();
        throw config_error(context.file, mark.line + 1, mark.column + 1, "",
                           "more than one yaml document");
    }
    auto value = std::make_shared<const config>(build(documents.front(), context));
    return loaded{std::move(value), std::move(context.warnings)};
}

} // namespace

loaded load_file(const std::string& path) {
    std::string text, problem;
    if (!detail::read_small_file(path, max_config_bytes, text, problem))
        throw config_error(path, 0, 0, "", "cannot read config: " + problem);
    std::error_code ec;
    auto absolute = std::filesystem::absolute(path, ec);
    auto base = ec ? std::filesystem::path(".") : absolute.parent_path();
    return load(text, path, base);
}

loaded load_string(std::string_view yaml, std::string display_name) {
    std::error_code ec;
    auto cwd = std::filesystem::current_path(ec);
    return load(yaml, std::move(display_name), ec ? std::filesystem::path(".") : cwd);
}

} // namespace cloudsync::config
