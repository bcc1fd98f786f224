// Under journald cloudsyncd sends native records whose fields name the run
// they belong to (ACCOUNT=, COLLECTOR=, PROVIDER=, RUN_ID=), so that
// `journalctl -u cloudsyncd ACCOUNT=azure-a` selects one account's records.
// The test stands in for journald: its stream is the log file the daemon's
// stderr goes to (JOURNAL_STREAM names its device and inode, as systemd does)
// and its native socket a datagram socket of the test's own
// (CLOUDSYNC_JOURNAL_SOCKET).
#include "daemon_fixture.hpp"

#include <atomic>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace cloudsync::test {
namespace {

using record = std::map<std::string, std::string>;

// Decodes a native protocol datagram (plain and binary field forms).
record decode(const std::string& datagram) {
    record out;
    std::size_t at = 0;
    while (at < datagram.size()) {
        const auto line_end = datagram.find('\n', at);
        if (line_end == std::string::npos)
            break;
        const auto line = datagram.substr(at, line_end - at);
        if (const auto eq = line.find('='); eq != std::string::npos) {
            out[line.substr(0, eq)] = line.substr(eq + 1);
            at = line_end + 1;
            continue;
        }
        std::uint64_t size = 0;
        for (int byte = 7; byte >= 0; --byte)
            size = size << 8 | static_cast<unsigned char>(datagram[line_end + 1 + byte]);
        out[line] = datagram.substr(line_end + 9, size);
        at = line_end + 9 + size + 1;
    }
    return out;
}

// A datagram socket that keeps what it receives, read on a thread of its own.
class journal_stand_in {
public:
    explicit journal_stand_in(std::string path) : path_(std::move(path)) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path_.c_str(), sizeof address.sun_path - 1);
        if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("bind " + path_ + ": " + std::strerror(errno));
        const timeval tick{0, 100'000};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick);
        reader_ = std::thread([this] {
            std::string buffer(1 << 20, '\0');
            while (!stop_) {
                const auto n = recv(fd_, buffer.data(), buffer.size(), 0);
                if (n <= 0)
                    continue;
                std::lock_guard lock(mutex_);
                records_.push_back(decode(buffer.substr(0, static_cast<std::size_t>(n))));
            }
        });
    }
    ~journal_stand_in() {
        stop_ = true;
        reader_.join();
        close(fd_);
    }
    std::vector<record> records() const {
        std::lock_guard lock(mutex_);
        return records_;
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
    std::atomic<bool> stop_{false};
    std::thread reader_;
    mutable std::mutex mutex_;
    std::vector<record> records_;
};

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

class JournalTest : public DaemonTest {};

TEST_F(JournalTest, RecordsOfARunCarryItsAccountCollectorProviderAndRunId) {
    journal_stand_in journal(dir_ + "/journal.sock");
    const auto config = write_config(config_yaml("127.0.0.1:0") + "log:\n  level: debug\n");
    const auto log = dir_ + "/journal-stream.log";
    std::ofstream{log};
    struct stat st {};
    ASSERT_EQ(stat(log.c_str(), &st), 0);
    auto environment = env();
    environment.push_back("JOURNAL_STREAM=" + std::to_string(st.st_dev) + ":" +
                          std::to_string(st.st_ino));
    environment.push_back("CLOUDSYNC_JOURNAL_SOCKET=" + journal.path());
    ASSERT_EQ(run_to_exit(daemon_binary, {"--config", config, "--once"}, environment, log,
                          std::chrono::seconds(60)),
              0);

    std::map<std::string, std::string> run_of; // account -> its run id
    for (const auto* account : {"azure-a", "azure-b"})
        run_of[account] = std::to_string(query_count(
            std::string("SELECT id FROM cloudsync.sync_runs WHERE account = '") + account + "'"));
    const auto sub_of =
        std::map<std::string, std::string>{{"azure-a", sub_a_}, {"azure-b", sub_b_}};

    // The daemon has exited: every record it sent is in the socket's queue.
    ASSERT_TRUE(eventually([&] { return journal.records().size() > 5; }, std::chrono::seconds(5)));
    const auto all = journal.records();
    int run_ends = 0, collector_records = 0, without_fields = 0;
    for (const auto& r : all) {
        const auto& message = r.at("MESSAGE");
        EXPECT_EQ(r.at("SYSLOG_IDENTIFIER"), "cloudsyncd");
        EXPECT_TRUE(r.contains("PRIORITY")) << message;
        EXPECT_EQ(message.find("secret-"), std::string::npos) << message;
        if (!r.contains("ACCOUNT")) {
            ++without_fields;
            EXPECT_FALSE(r.contains("RUN_ID")) << message;
            continue;
        }
        const auto& account = r.at("ACCOUNT");
        ASSERT_TRUE(run_of.contains(account)) << account;
        EXPECT_EQ(r.at("COLLECTOR"), "vms") << message;
        EXPECT_EQ(r.at("PROVIDER"), "azure") << message;
        // The run's own records, and what its collector logged on the way
        // (a debug record per subscription, written far from the scheduler).
        if (starts_with(message, "run " + run_of.at(account) + " succeeded")) {
            ++run_ends;
            EXPECT_EQ(r.at("RUN_ID"), run_of.at(account));
            EXPECT_EQ(r.at("PRIORITY"), "6");
        }
        if (starts_with(message, "azure: subscription " + sub_of.at(account) + ":")) {
            ++collector_records;
            EXPECT_EQ(r.at("RUN_ID"), run_of.at(account)) << message;
        }
        EXPECT_EQ(message.find(account == "azure-a" ? sub_b_ : sub_a_), std::string::npos)
            << "a record of " << account << " about the other account's subscription: " << message;
    }
    EXPECT_EQ(run_ends, 2);
    EXPECT_EQ(collector_records, 2);
    EXPECT_GT(without_fields, 0) << "start-up records belong to no run";

    // Everything went to the journal's socket, nothing to the stream.
    std::ifstream in(log);
    const std::string stream((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    EXPECT_EQ(stream.find(" succeeded"), std::string::npos) << stream;
}

TEST_F(JournalTest, WithoutJournaldRecordsArePlainTimestampedLines) {
    const auto config = write_config(config_yaml("127.0.0.1:0"));
    ASSERT_EQ(once(config), 0);
    const auto logs = once_logs();
    EXPECT_NE(logs.find(" info run "), std::string::npos) << logs;
    EXPECT_EQ(logs.find("ACCOUNT="), std::string::npos);
    EXPECT_EQ(logs.find("<6>"), std::string::npos);
}

} // namespace
} // namespace cloudsync::test
