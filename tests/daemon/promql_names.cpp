#include "promql_names.hpp"

#include <cctype>
#include <regex>
#include <sstream>

namespace cloudsync::test {
namespace {

// Removes every span from an `open` character to its matching `close`
// (nesting counted), keeping the brackets' outside.
std::string drop_spans(const std::string& text, char open, char close) {
    std::string out;
    int depth = 0;
    for (char c : text) {
        if (c == open)
            ++depth;
        else if (c == close && depth > 0)
            --depth;
        else if (depth == 0)
            out += c;
    }
    return out;
}

std::string drop_strings(std::string_view text) {
    std::string out;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == '\\' && quote != '`')
                ++i; // the escaped character belongs to the string
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'' || c == '`') {
            quote = c;
        } else {
            out += c;
        }
    }
    return out;
}

bool is_keyword(const std::string& word) {
    static const std::set<std::string> keywords{
        "and",         "or",   "unless", "by",    "without", "on",  "ignoring", "group_left",
        "group_right", "bool", "offset", "atan2", "inf",     "nan", "Inf",      "NaN"};
    return keywords.count(word) > 0;
}

bool identifier_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool identifier_char(char c) {
    return identifier_start(c) || std::isdigit(static_cast<unsigned char>(c));
}

} // namespace

std::set<std::string> promql_metric_names(std::string_view expr) {
    auto text = drop_strings(expr);
    text = drop_spans(text, '{', '}');
    text = drop_spans(text, '[', ']');
    text = std::regex_replace(
        text, std::regex(R"(\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\))"), " ");
    text = std::regex_replace(text, std::regex(R"(\$\{[^}]*\}|\$\w+)"), " ");

    std::set<std::string> names;
    for (std::size_t i = 0; i < text.size();) {
        if (!identifier_start(text[i])) {
            ++i;
            continue;
        }
        const bool after_number =
            i > 0 && (std::isdigit(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '.');
        std::size_t end = i;
        while (end < text.size() && identifier_char(text[end]))
            ++end;
        std::string word = text.substr(i, end - i);
        std::size_t next = end;
        while (next < text.size() && std::isspace(static_cast<unsigned char>(text[next])))
            ++next;
        const bool called = next < text.size() && text[next] == '(';
        if (!after_number && !called && !is_keyword(word)) // 1e3, 5m: parts of numbers
            names.insert(std::move(word));
        i = end;
    }
    return names;
}

std::string label_values_metric(std::string_view query) {
    std::smatch m;
    const std::string text(query);
    if (std::regex_search(text, m,
                          std::regex(R"(^\s*label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*,)")))
        return m[1];
    return {};
}

std::set<std::string> exposition_metric_names(std::string_view text) {
    std::set<std::string> names;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto end = line.find_first_of("{ ");
        names.insert(line.substr(0, end));
    }
    return names;
}

} // namespace cloudsync::test
