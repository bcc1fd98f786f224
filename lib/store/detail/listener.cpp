#include "store/detail/listener.hpp"

#include <pqxx/notification>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <chrono>

namespace cloudsync::store::detail {

namespace {

class receiver final : public pqxx::notification_receiver {
public:
    receiver(pqxx::connection_base& conn, const std::string& channel,
             const std::function<void()>& on_notify)
        : pqxx::notification_receiver(conn, channel), on_notify_(on_notify) {}
    void operator()(const std::string&, int) override { on_notify_(); }

private:
    const std::function<void()>& on_notify_;
};

} // namespace

listener::listener(session_rules rules, std::string channel, std::function<void()> on_notify)
    : db_(std::move(rules)), channel_(std::move(channel)), on_notify_(std::move(on_notify)),
      thread_([this] { run(); }) {}

listener::~listener() {
    stopping_ = true;
    db_.abort();
    thread_.join();
}

void listener::run() {
    bool warned = false;
    while (!stopping_) {
        try {
            auto& conn = db_.get();
            receiver on(conn, channel_, on_notify_);
            on_notify_(); // what was sent while we were not listening
            warned = false;
            while (!stopping_)
                conn.await_notification(0, 500000);
        } catch (const std::exception& e) {
            db_.reset();
            if (stopping_)
                break;
            if (!warned)
                spdlog::warn("store: not listening for job changes (retrying every second): {}",
                             scrub(e.what(), db_.dsn()));
            warned = true;
            for (int i = 0; i < 10 && !stopping_; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

} // namespace cloudsync::store::detail
