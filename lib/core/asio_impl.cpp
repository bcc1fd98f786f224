// The one translation unit that compiles Asio (and its OpenSSL glue); every other
// file sees only declarations because BOOST_ASIO_SEPARATE_COMPILATION is public.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
