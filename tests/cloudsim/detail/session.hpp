// The network side of cloudsim: an acceptor and one coroutine per keep-alive
// connection, on their own io_context threads. Requests are handed to a
// dispatch function; its reply (with any delay or cut asked by a fault) is
// written back. Kept out of server.hpp so users of the sim never see Asio.
#pragma once

#include "cloudsim/reply.hpp"

#include <functional>
#include <memory>
#include <string>

namespace cloudsync::cloudsim::detail {

class listener {
public:
    using dispatch_fn = std::function<reply(const http_request&)>;

    // Binds address:port (0 = ephemeral) and starts `threads` I/O threads.
    // Throws cloudsim_error when binding fails.
    listener(const std::string& address, unsigned short port, unsigned threads, dispatch_fn dispatch);
    ~listener();
    listener(const listener&) = delete;
    listener& operator=(const listener&) = delete;

    unsigned short port() const;
    // Closes the acceptor and cancels and shuts down every connection, each on
    // its own strand, then joins the threads once every session has ended.
    // Not from one of the listener's own threads. Idempotent.
    void stop();

private:
    struct state;
    std::shared_ptr<state> state_;
};

} // namespace cloudsync::cloudsim::detail
