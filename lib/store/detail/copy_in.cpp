#include "store/detail/copy_in.hpp"

#include <pqxx/tablewriter>

#include <algorithm>

namespace cloudsync::store::detail {
namespace {

constexpr std::size_t chunk_bytes = 1 << 20; // COPY data handed to libpq at a time

// write_raw_line appends '\n' itself: hand over whole lines minus the last newline.
void write_lines(pqxx::tablewriter& writer, std::string_view lines) {
    std::size_t pos = 0;
    while (pos < lines.size()) {
        std::size_t end = std::min(lines.size(), pos + chunk_bytes);
        end = lines.rfind('\n', end - 1);
        if (end == std::string_view::npos || end < pos)
            end = lines.find('\n', pos);
        if (end == std::string_view::npos)
            end = lines.size();
        writer.write_raw_line(std::string(lines.substr(pos, end - pos)));
        pos = end + 1;
    }
}

// tablewriter is deprecated in libpqxx 6 in favour of stream_to, whose
// raw-line writer is private; we need raw lines because we format and hash
// the text ourselves.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
pqxx::tablewriter open_writer(pqxx::transaction_base& tx, const std::string& table,
                              const std::vector<std::string>& columns) {
    return pqxx::tablewriter(tx, table, columns.begin(), columns.end());
}
#pragma GCC diagnostic pop

} // namespace

void copy_in(pqxx::transaction_base& tx, const std::string& table,
             const std::vector<std::string>& columns, std::string_view lines) {
    if (lines.empty())
        return;
    auto writer = open_writer(tx, table, columns);
    write_lines(writer, lines);
    writer.complete();
}

copy_stream::copy_stream(pqxx::connection_base& conn, const std::string& table,
                         const std::vector<std::string>& columns)
    : tx_(conn), writer_(open_writer(tx_, table, columns)) {}

void copy_stream::write(std::string_view lines) {
    write_lines(writer_, lines);
}

void copy_stream::complete() {
    writer_.complete();
}

} // namespace cloudsync::store::detail
