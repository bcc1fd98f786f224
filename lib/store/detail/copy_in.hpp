// Moving prepared COPY text to the server: the one helper every staging and
// inventory COPY goes through. Formatting the text is copy_text.hpp's job.
#pragma once

#include <pqxx/transaction_base>

#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::store::detail {

// Streams `lines` (COPY text lines, each ending in '\n') into `table` (a
// schema-qualified name, used verbatim) in chunks of about 1 MB. Works in any
// transaction, pqxx::nontransaction included (then the COPY is its own short
// implicit transaction). Nothing happens for empty `lines`. Throws what
// libpqxx throws; the COPY is then rolled back as a whole.
void copy_in(pqxx::transaction_base& tx, const std::string& table,
             const std::vector<std::string>& columns, std::string_view lines);

} // namespace cloudsync::store::detail
