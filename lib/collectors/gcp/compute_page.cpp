#include "collectors/gcp/compute_page.hpp"

#include "collectors/common/url.hpp"
#include "collectors/errors.hpp"

#include <boost/json/parse.hpp>

namespace cloudsync::collectors::gcp {

namespace {

using detail::location;

bool makes_incomplete(std::string_view code) {
    return code == "UNREACHABLE" || code == "PARTIAL_SUCCESS";
}

// The value of the data entry {"key": "scope", "value": ...}, or "".
std::string data_scope(const boost::json::object& warning, const location& at) {
    const auto* data = detail::optional_array(warning, "data", at);
    if (data == nullptr)
        return {};
    const auto data_at = at.member("data");
    for (std::size_t i = 0; i < data->size(); ++i) {
        const auto entry_at = data_at.index(i);
        const auto& entry = detail::object_at((*data)[i], entry_at);
        if (detail::string_or_empty(entry, "key", entry_at) == "scope")
            return detail::string_or_empty(entry, "value", entry_at);
    }
    return {};
}

void read_warning(const boost::json::object& holder, std::string scope, const location& at,
                  page_status& status) {
    const auto* warning = detail::optional_object(holder, "warning", at);
    if (warning == nullptr)
        return;
    const auto warning_at = at.member("warning");
    scope_warning w{std::move(scope), detail::string_or_empty(*warning, "code", warning_at),
                    detail::string_or_empty(*warning, "message", warning_at)};
    if (w.scope.empty())
        w.scope = data_scope(*warning, warning_at);
    if (makes_incomplete(w.code)) {
        status.complete = false;
        if (!w.scope.empty())
            status.unreachable.push_back(w.scope);
    }
    status.warnings.push_back(std::move(w));
}

void check_items(const boost::json::object& page, std::string_view item_key,
                 std::string_view list_key, const location& root, page_status& status) {
    const auto* items = page.if_contains(list_key);
    if (items == nullptr || items->is_null() || items->is_array())
        return;
    const auto items_at = root.member(list_key);
    if (!items->is_object())
        items_at.fail("is neither an array nor an object");
    for (const auto& scope : items->get_object()) {
        const auto scope_at = items_at.scope(scope.key());
        const auto& scoped = detail::object_at(scope.value(), scope_at);
        detail::optional_array(scoped, item_key, scope_at);
        read_warning(scoped, std::string(scope.key()), scope_at, status);
    }
}

void read_unreachables(const boost::json::object& page, const location& root, page_status& status) {
    const auto* list = detail::optional_array(page, "unreachables", root);
    if (list == nullptr)
        return;
    const auto list_at = root.member("unreachables");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto* name = (*list)[i].if_string();
        if (name == nullptr)
            list_at.index(i).fail("is not a string");
        status.unreachable.emplace_back(*name);
        status.complete = false;
    }
}

} // namespace

raw_compute_page parse_compute_page(std::string_view text, std::string_view url,
                                    std::string_view item_key, std::string_view list_key) {
    boost::system::error_code ec;
    auto arena = std::make_unique<boost::json::monotonic_resource>(text.size());
    const boost::json::storage_ptr storage(arena.get());
    auto document = boost::json::parse(text, ec, storage);
    raw_compute_page page{{},
                          std::move(arena),
                          std::move(document),
                          std::string(item_key),
                          std::string(list_key),
                          std::string(url)};
    const location root(page.url);
    if (ec)
        throw page_error("malformed page from GET " + common::url_path(url) + ": not JSON (" +
                         ec.message() + ")");
    if (!page.document.is_object())
        root.fail("is not a JSON object");
    const auto& object = page.document.get_object();
    check_items(object, item_key, page.list_key, root, page);
    if (const auto* token = detail::optional_string(object, "nextPageToken", root);
        token != nullptr && !token->empty())
        page.next_page_token = std::string(*token);
    read_warning(object, {}, root, page);
    read_unreachables(object, root, page);
    return page;
}

std::size_t raw_compute_page::item_count() const {
    std::size_t count = 0;
    for_each_item([&count](std::string_view, const boost::json::value&, const detail::location&) {
        ++count;
    });
    return count;
}

} // namespace cloudsync::collectors::gcp
