#include "store/detail/copy_in.hpp"

#include <pqxx/tablewriter>

#include <algorithm>

namespace cloudsync::store::detail {
namespace {

constexpr std::size_t chunk_bytes = 1 << 20; // COPY data handed to libpq at a time

} // namespace

// tablewriter is deprecated in libpqxx 6 in favour of stream_to, whose
// raw-line writer is private; we need raw lines because we format and hash
// the text ourselves.
void copy_in(pqxx::transaction_base& tx, const std::string& table,
             const std::vector<std::string>& columns, std::string_view lines) {
    if (lines.empty())
        return;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    pqxx::tablewriter writer(tx, table, columns.begin(), columns.end());
#pragma GCC diagnostic pop
    // write_raw_line appends '\n' itself: hand over whole lines minus the last newline.
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
    writer.complete();
}

} // namespace cloudsync::store::detail
