// parse_kept (core/json_kept.hpp): Boost.JSON's basic_parser with a handler
// that forwards to a value_stack, as boost::json::parser's own handler does,
// only the events of kept values. Dropped values are still parsed (and so
// checked) but nothing of them is stored.
#include "core/json_kept.hpp"

#include "core/json_element_finder.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>

namespace cloudsync::json {

keep::keep(std::initializer_list<std::pair<std::string_view, keep>> members) {
    members_.reserve(members.size());
    for (const auto& [key, node] : members)
        members_.push_back({std::string(key), node});
}

keep keep::all() {
    keep node;
    node.all_ = true;
    return node;
}

const keep* keep::member(std::string_view key) const noexcept {
    if (all_)
        return this;
    const auto found = std::find_if(members_.begin(), members_.end(),
                                    [key](const entry& e) { return e.key == key; });
    return found == members_.end() ? nullptr : &found->node;
}

namespace {

using boost::json::error_code;
using boost::json::string_view;

class kept_handler {
public:
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    explicit kept_handler(const keep& root) : root_(&root) {}

    boost::json::value_stack st;
    element_finder elements;

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) {
        elements.document_end();
        return true;
    }

    bool on_object_begin(error_code&) {
        elements.container_begin(true);
        return open(true);
    }
    bool on_object_end(std::size_t, error_code&) {
        elements.container_end();
        if (close())
            st.push_object(closed_size_);
        return true;
    }
    bool on_array_begin(error_code&) {
        elements.container_begin(false);
        return open(false);
    }
    bool on_array_end(std::size_t, error_code&) {
        elements.container_end();
        if (close())
            st.push_array(closed_size_);
        return true;
    }

    bool on_key_part(string_view s, std::size_t, error_code&) {
        elements.key_text(s.data(), std::string_view{});
        if (dropping_ == 0)
            key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(string_view s, std::size_t, error_code&) {
        elements.key_text(s.data(), std::string_view(s.data(), s.size()));
        if (dropping_ != 0)
            return true;
        std::string_view key(s.data(), s.size());
        if (!key_.empty()) {
            key_.append(s.data(), s.size());
            key = key_;
        }
        auto& top = frames_.back();
        next_ = top.node->member(key);
        if (next_ != nullptr) {
            st.push_key(string_view(key.data(), key.size()));
            ++top.size;
        }
        key_.clear();
        return true;
    }

    bool on_string_part(string_view s, std::size_t, error_code&) {
        elements.scalar();
        if (dropping_ != 0)
            return true;
        if (!in_string_) {
            in_string_ = true;
            string_kept_ = begin_value() != nullptr;
        }
        if (string_kept_)
            st.push_chars(s);
        return true;
    }
    bool on_string(string_view s, std::size_t, error_code&) {
        elements.scalar();
        if (dropping_ != 0)
            return true;
        const bool kept = in_string_ ? string_kept_ : begin_value() != nullptr;
        in_string_ = false;
        if (kept)
            st.push_string(s);
        return true;
    }

    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t i, string_view, error_code&) {
        elements.scalar();
        if (scalar_kept())
            st.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, string_view, error_code&) {
        elements.scalar();
        if (scalar_kept())
            st.push_uint64(u);
        return true;
    }
    bool on_double(double d, string_view, error_code&) {
        elements.scalar();
        if (scalar_kept())
            st.push_double(d);
        return true;
    }
    bool on_bool(bool b, error_code&) {
        elements.scalar();
        if (scalar_kept())
            st.push_bool(b);
        return true;
    }
    bool on_null(error_code&) {
        elements.scalar();
        if (scalar_kept())
            st.push_null();
        return true;
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

private:
    struct frame {
        const keep* node;
        std::size_t size; // kept members or elements
        bool object;
    };

    // The node of the value that begins now, or nullptr when it is dropped.
    // Called once per value.
    const keep* begin_value() {
        if (frames_.empty())
            return root_;
        auto& top = frames_.back();
        if (top.object)
            return next_; // decided by its key
        ++top.size;
        return top.node;
    }
    bool scalar_kept() { return dropping_ == 0 && begin_value() != nullptr; }

    bool open(bool object) {
        if (dropping_ != 0) {
            ++dropping_;
            return true;
        }
        const keep* node = begin_value();
        if (node == nullptr)
            dropping_ = 1;
        else
            frames_.push_back({node, 0, object});
        return true;
    }
    // True when the container that ends was kept (closed_size_ is its size).
    bool close() {
        if (dropping_ != 0) {
            --dropping_;
            return false;
        }
        closed_size_ = frames_.back().size;
        frames_.pop_back();
        return true;
    }

    const keep* root_;
    std::vector<frame> frames_;
    const keep* next_ = nullptr; // the node of the member whose key was read last
    std::size_t dropping_ = 0;   // containers open inside a dropped value
    std::size_t closed_size_ = 0;
    bool in_string_ = false;
    bool string_kept_ = false;
    std::string key_; // the parts of a key split by the parser
};

} // namespace

namespace {

boost::json::value parse_with(boost::json::basic_parser<kept_handler>& parser,
                              std::string_view text, boost::json::storage_ptr sp,
                              boost::system::error_code& ec) {
    parser.handler().st.reset(std::move(sp));
    const auto used = parser.write_some(false, text.data(), text.size(), ec);
    if (!ec && used < text.size())
        ec = boost::json::error::extra_data; // as boost::json::parser::write
    if (ec)
        return nullptr;
    return parser.handler().st.release();
}

} // namespace

boost::json::value parse_kept(std::string_view text, const keep& what, boost::json::storage_ptr sp,
                              boost::system::error_code& ec) {
    boost::json::basic_parser<kept_handler> parser(boost::json::parse_options{}, what);
    return parse_with(parser, text, std::move(sp), ec);
}

boost::json::value parse_kept(std::string_view text, const keep& what, boost::json::storage_ptr sp,
                              boost::system::error_code& ec, std::string_view key,
                              std::optional<std::vector<std::string_view>>& elements) {
    boost::json::basic_parser<kept_handler> parser(boost::json::parse_options{}, what);
    parser.handler().elements.start(text, key);
    auto value = parse_with(parser, text, std::move(sp), ec);
    elements = ec ? std::nullopt : parser.handler().elements.result();
    return value;
}

} // namespace cloudsync::json
