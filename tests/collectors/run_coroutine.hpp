// Runs one coroutine to completion on an io_context and returns its result,
// rethrowing what it threw (loopback integration tests).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace cloudsync::test {

template <class T> T run_coroutine(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
    auto result = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
    io.restart();
    io.run();
    return result.get();
}

} // namespace cloudsync::test
