# Run at build time (cmake -P): writes OUTPUT, a C++ file holding every
# sql/NNNN_name.sql as a raw string, in version order, so the daemon needs no
# files at run time. Inputs: SQL_DIR, OUTPUT.
file(GLOB files "${SQL_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  get_filename_component(base "${f}" NAME_WE)
  string(SUBSTRING "${base}" 0 4 version)
  string(REGEX REPLACE "^0+" "" version "${version}")
  file(READ "${f}" text)
  string(FIND "${text}" ")cloudsync_sql\"" bad)
  if(NOT bad EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter")
  endif()
  string(APPEND body "    {${version}, \"${base}\", R\"cloudsync_sql(${text})cloudsync_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from sql/*.sql by lib/store/embed_sql.cmake. Do not edit.
#include \"store/migrations.hpp\"

namespace cloudsync::store {

std::span<const migration> embedded_migrations() noexcept {
    static const migration all[] = {
${body}    };
    return all;
}

} // namespace cloudsync::store
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
