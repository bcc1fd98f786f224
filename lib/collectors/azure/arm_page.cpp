#include "collectors/azure/arm_page.hpp"

#include "core/text.hpp"

#include "core/json.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>

namespace cloudsync::collectors::azure {

namespace {

[[noreturn]] void malformed(std::string_view url, const std::string& what) {
    throw page_error("malformed page from GET " + url_path(url) + ": " + what);
}

// "/subscriptions/{id}/..." -> "{id}", or "" for other paths.
std::string subscription_of(std::string_view path) {
    constexpr std::string_view prefix = "/subscriptions/";
    if (path.size() <= prefix.size() || !istarts_with(path, prefix))
        return {};
    const auto rest = path.substr(prefix.size());
    return std::string(rest.substr(0, rest.find('/')));
}

std::string clipped(std::string_view text, std::size_t limit) {
    std::string out(text.substr(0, limit));
    for (auto& c : out)
        if (c == '\r' || c == '\n')
            c = ' ';
    if (text.size() > limit)
        out += "...";
    return out;
}

// A slice of page text opens as the item parsed from it does.
bool opens_as(std::string_view slice, const boost::json::value& item) {
    if (item.is_object())
        return slice.front() == '{';
    if (item.is_array())
        return slice.front() == '[';
    return true;
}

// The envelope of a parsed page: its next link, or page_error when it is not
// an ARM list page.
void check_envelope(raw_page& page, std::string_view url, const boost::system::error_code& ec) {
    if (ec)
        malformed(url, "not JSON (" + ec.message() + ")");
    const auto* object = page.document.if_object();
    if (object == nullptr)
        malformed(url, "not a JSON object");
    const auto* value = object->if_contains("value");
    if (value == nullptr)
        malformed(url, "no \"value\" member");
    if (!value->is_array())
        malformed(url, "\"value\" is not an array");
    if (const auto* next = object->if_contains("nextLink"); next != nullptr && !next->is_null()) {
        if (!next->is_string())
            malformed(url, "\"nextLink\" is not a string");
        if (!next->get_string().empty())
            page.next_link = std::string(next->get_string());
    }
}

} // namespace

std::optional<std::string> peek_next_link(std::string_view text) {
    constexpr auto npos = std::string_view::npos;
    // The last character before `end` that is not a blank (npos: none), and
    // whether position i holds c.
    const auto back = [text](std::size_t end) {
        return end == 0 || end == npos ? npos : text.find_last_not_of(" \t\r\n", end - 1);
    };
    const auto at = [text](std::size_t i, char c) { return i != npos && text[i] == c; };
    // From the end: the object's closing brace, the link between its quotes, a
    // colon, the key, and a comma or the object's opening brace before the key
    // (a member, not the tail of a string).
    const auto brace = back(text.size());
    const auto close = back(brace);
    if (!at(brace, '}') || !at(close, '"') || close == 0)
        return std::nullopt;
    const auto open = text.rfind('"', close - 1);
    if (open == npos)
        return std::nullopt;
    const auto link = text.substr(open + 1, close - open - 1);
    if (link.empty() || link.find('\\') != npos)
        return std::nullopt;
    constexpr std::string_view key = "\"nextLink\"";
    const auto colon = back(open);
    const auto key_end = back(colon) + 1; // npos + 1 == 0
    if (!at(colon, ':') || key_end < key.size() ||
        text.substr(key_end - key.size(), key.size()) != key)
        return std::nullopt;
    const auto before = back(key_end - key.size());
    if (!at(before, ',') && !at(before, '{'))
        return std::nullopt;
    return std::string(link);
}

raw_page parse_raw_page(std::string_view text, std::string_view url) {
    boost::system::error_code ec;
    // One arena per page: its DOM is built and freed at once, not node by node
    // (per-node malloc and free were most of a page's parse time). Its first
    // block about the size of the text saves most of the growing. The
    // storage_ptr is made from the typed pointer, so Boost.JSON knows that
    // deallocation is a no-op and skips the destructors.
    auto arena = std::make_unique<boost::json::monotonic_resource>(text.size());
    const boost::json::storage_ptr storage(arena.get());
    // Move-constructed into the page (a value keeps its storage when moved).
    auto document = boost::json::parse(text, ec, storage);
    raw_page page{std::move(arena), std::move(document), std::nullopt, text, true, std::nullopt};
    check_envelope(page, url, ec);
    return page;
}

raw_page parse_raw_page(std::string_view text, std::string_view url, const json::keep& fields) {
    boost::system::error_code ec;
    // A kept DOM is a fraction of the text; the arena grows if it must.
    auto arena = std::make_unique<boost::json::monotonic_resource>(text.size() / 8 + 1024);
    const boost::json::storage_ptr storage(arena.get());
    std::optional<std::vector<std::string_view>> slices;
    auto document = json::parse_kept(text, fields, storage, ec, "value", slices);
    raw_page page{std::move(arena), std::move(document), std::nullopt, text, false,
                  std::move(slices)};
    check_envelope(page, url, ec);
    return page;
}

json::keep arm_page_fields(json::keep item) {
    return {{"value", std::move(item)}, {"nextLink", {}}};
}

std::vector<std::string> raw_page::item_texts() const {
    auto texts = item_views();
    std::vector<std::string> out;
    out.reserve(texts.items.size());
    if (texts.serialized.empty()) {
        for (const auto slice : texts.items)
            out.emplace_back(slice);
    } else {
        out = std::move(texts.serialized);
    }
    return out;
}

raw_page::text_views raw_page::item_views() const {
    const auto& values = items();
    text_views out;
    out.items.reserve(values.size());
    const auto slices = item_slices ? item_slices : json::member_array_elements(text, "value");
    // The slices (the kept parse's, else a scan's) and the DOM must agree item
    // by item, or the DOM is the truth.
    const bool agree = slices && slices->size() == values.size() &&
                       std::equal(slices->begin(), slices->end(), values.begin(), opens_as);
    if (agree) {
        out.items = *slices;
        return out;
    }
    out.serialized.reserve(values.size());
    if (!whole) {
        // The kept DOM lacks most of each item: serialize the whole one.
        const auto whole_page = parse_raw_page(text, {});
        for (const auto& value : whole_page.items())
            out.serialized.push_back(json::to_text(value));
    } else {
        for (const auto& value : values)
            out.serialized.push_back(json::to_text(value));
    }
    for (const auto& text_of_item : out.serialized)
        out.items.emplace_back(text_of_item);
    return out;
}

const boost::json::string& item_id(const boost::json::value& item, std::size_t index,
                                   std::string_view url) {
    const auto* object = item.if_object();
    if (object == nullptr)
        malformed(url, "item " + std::to_string(index) + " is not an object");
    const auto* id = object->if_contains("id");
    if (id == nullptr || !id->is_string() || id->get_string().empty())
        malformed(url, "item " + std::to_string(index) + " has no \"id\"");
    return id->get_string();
}

api_error arm_error(unsigned status, std::string_view body, std::string_view url) {
    boost::system::error_code ec;
    const auto doc = boost::json::parse(body, ec);
    std::string code;
    std::string message;
    bool enveloped = false;
    if (!ec) {
        const auto* error = json::find(doc, {"error"});
        const auto& envelope = (error != nullptr && error->is_object()) ? *error : doc;
        enveloped = json::find(envelope, {"code"}) != nullptr ||
                    json::find(envelope, {"message"}) != nullptr;
        code = json::string_or_empty(envelope, {"code"});
        message = json::string_or_empty(envelope, {"message"});
    }
    // Not an ARM error body (a proxy's HTML page ...): quote its start instead.
    if (!enveloped)
        message = clipped(body, 200);
    const auto path = url_path(url);
    std::string what = "GET " + path + ": HTTP " + std::to_string(status);
    if (!code.empty())
        what += " " + code;
    if (!message.empty())
        what += ": " + clipped(message, 500);
    if (const auto subscription = subscription_of(path); status == 403 && !subscription.empty())
        what += " (the credential has no read access to subscription " + subscription +
                "; assign it the Reader role)";
    return api_error(status, std::move(code), std::move(message), what);
}

} // namespace cloudsync::collectors::azure
