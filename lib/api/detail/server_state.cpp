#include "api/detail/server_state.hpp"

namespace cloudsync::api::detail {
namespace ssl = boost::asio::ssl;

namespace {

ssl::context make_tls_context(const tls_options& files) {
    ssl::context ctx(ssl::context::tls_server);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                    ssl::context::single_dh_use);
    boost::system::error_code ec;
    ctx.use_certificate_chain_file(files.certificate_file, ec);
    if (ec)
        throw listen_error("cannot load TLS certificate '" + files.certificate_file +
                           "': " + ec.message());
    const auto& pem = files.private_key.reveal();
    ctx.use_private_key(boost::asio::buffer(pem), ssl::context::pem, ec);
    if (ec)
        throw listen_error("cannot load the TLS private key: " + ec.message());
    return ctx;
}

} // namespace

server_state::server_state(server_options opts, std::shared_ptr<backend> impl)
    : options(std::move(opts)),
      routes(std::move(impl), bearer_auth(options.token), options.version, options.started) {
    if (options.tls)
        tls.emplace(make_tls_context(*options.tls));
}

} // namespace cloudsync::api::detail
