#include "support/pg_cluster.hpp"

#include <pqxx/pqxx>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fcntl.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cloudsync::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* bin_dir = "/usr/lib/postgresql/15/bin";
constexpr const char* dir_prefix = "cloudsync-pg-";
constexpr const char* admin_user = "cloudsync_admin";

bool running_as_root() {
    return ::geteuid() == 0;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs a PostgreSQL tool (as `postgres` when we are root), stdout and stderr
// appended to `log`. Returns the exit status.
int run_tool(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> argv;
    if (running_as_root())
        argv = {"/usr/sbin/runuser", "-u", "postgres", "--"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& arg : argv)
        cargv.push_back(arg.data());
    cargv.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            ::close(fd);
        }
        int null_fd = ::open("/dev/null", O_RDONLY);
        if (null_fd >= 0)
            ::dup2(null_fd, 0);
        ::execv(cargv[0], cargv.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void give_to_postgres(const fs::path& path) {
    if (!running_as_root())
        return;
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr)
        throw std::runtime_error("running as root but no `postgres` user exists");
    if (::chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0)
        throw std::runtime_error("cannot chown " + path.string() + " to postgres");
}

void stop_cluster_dir(const fs::path& dir) noexcept {
    std::error_code ec;
    if (fs::exists(dir / "data" / "postmaster.pid", ec)) {
        try {
            run_tool({std::string(bin_dir) + "/pg_ctl", "-D", (dir / "data").string(), "-m",
                      "immediate", "-w", "stop"},
                     dir / "stop.log");
        } catch (...) {
        }
    }
    fs::remove_all(dir, ec);
}

// A zombie still answers kill(pid, 0): look at its state too.
bool process_alive(pid_t pid) {
    if (pid <= 0)
        return false;
    if (::kill(pid, 0) != 0 && errno != EPERM)
        return false;
    auto stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    auto paren = stat.rfind(") ");
    return paren == std::string::npos || paren + 2 >= stat.size() || stat[paren + 2] != 'Z';
}

// Clusters whose owning test process is gone (it crashed or was killed).
void sweep_stale_clusters() noexcept {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(ec), ec)) {
        auto name = entry.path().filename().string();
        if (name.rfind(dir_prefix, 0) != 0)
            continue;
        auto owner_text = read_file(entry.path() / "owner.pid");
        if (owner_text.empty()) {
            // Another test process between mkdtemp and writing owner.pid (ctest
            // runs them in parallel): only an old ownerless directory is stale.
            const auto written = fs::last_write_time(entry.path(), ec);
            if (ec || fs::file_time_type::clock::now() - written < std::chrono::minutes(10))
                continue;
        }
        pid_t owner = static_cast<pid_t>(std::atol(owner_text.c_str()));
        if (process_alive(owner))
            continue;
        stop_cluster_dir(entry.path());
    }
}

} // namespace

pg_cluster& pg_cluster::instance() {
    static pg_cluster cluster;
    return cluster;
}

pg_cluster::pg_cluster() {
    sweep_stale_clusters();
    auto pattern = (fs::temp_directory_path() / (std::string(dir_prefix) + "XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    std::ofstream(fs::path(dir_) / "owner.pid") << ::getpid() << '\n';
    // Only the socket file names the port: any value works, as the socket lives in our own dir.
    port_ = 20000 + static_cast<int>(::getpid() % 30000);
    try {
        give_to_postgres(dir_);
        init();
        std::lock_guard lock(server_mutex_);
        start_locked();
    } catch (...) {
        stop();
        throw;
    }
}

pg_cluster::~pg_cluster() {
    stop();
}

void pg_cluster::init() {
    fs::path dir(dir_);
    auto log = dir / "tool.log";
    if (run_tool({std::string(bin_dir) + "/initdb", "-D", (dir / "data").string(), "-U",
                  admin_user, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"},
                 log) != 0)
        throw std::runtime_error("initdb failed:\n" + read_file(log));
}

// `pg_ctl ACTION` on this cluster's data directory; start and restart get the
// server options, so a restarted server listens where the first one did.
std::vector<std::string> pg_cluster::pg_ctl(const std::string& action) const {
    fs::path dir(dir_);
    std::vector<std::string> args{std::string(bin_dir) + "/pg_ctl", "-D", (dir / "data").string(),
                                  "-w", "-t", "60"};
    if (action != "stop") {
        auto options = "-c listen_addresses='' -c unix_socket_directories='" + dir_ +
                       "' -c port=" + std::to_string(port_) +
                       " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                       " -c max_connections=100 -c shared_buffers=64MB";
        args.insert(args.end(), {"-l", (dir / "server.log").string(), "-o", options});
    }
    if (action != "start")
        args.insert(args.end(), {"-m", "fast"});
    args.push_back(action);
    return args;
}

void pg_cluster::start_locked() {
    if (running_)
        return;
    fs::path dir(dir_);
    auto log = dir / "tool.log";
    if (run_tool(pg_ctl("start"), log) != 0)
        throw std::runtime_error("pg_ctl start failed:\n" + read_file(log) +
                                 read_file(dir / "server.log"));
    running_ = true;
}

void pg_cluster::start_server() {
    std::lock_guard lock(server_mutex_);
    start_locked();
}

void pg_cluster::stop_server() {
    std::lock_guard lock(server_mutex_);
    if (!running_)
        return;
    fs::path dir(dir_);
    auto log = dir / "tool.log";
    if (run_tool(pg_ctl("stop"), log) != 0)
        throw std::runtime_error("pg_ctl stop failed:\n" + read_file(log) +
                                 read_file(dir / "server.log"));
    running_ = false;
}

void pg_cluster::restart_server() {
    std::lock_guard lock(server_mutex_);
    fs::path dir(dir_);
    auto log = dir / "tool.log";
    // pg_ctl restart also starts a stopped server (with a warning).
    if (run_tool(pg_ctl("restart"), log) != 0)
        throw std::runtime_error("pg_ctl restart failed:\n" + read_file(log) +
                                 read_file(dir / "server.log"));
    running_ = true;
}

void pg_cluster::stop() noexcept {
    if (dir_.empty())
        return;
    stop_cluster_dir(dir_);
    running_ = false;
    dir_.clear();
}

std::string pg_cluster::dsn(const std::string& dbname, const std::string& user) const {
    return "host=" + dir_ + " port=" + std::to_string(port_) + " dbname=" + dbname +
           " user=" + user;
}

std::string pg_cluster::admin_dsn() const {
    return dsn("postgres", admin_user);
}

database_info pg_cluster::create_database() {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    auto name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++next_db_);
    pqxx::connection conn(admin_dsn());
    pqxx::nontransaction tx(conn);
    tx.exec0("CREATE DATABASE " + tx.quote_name(name));
    return {name, dsn(name, admin_user)};
}

void pg_cluster::create_role(const std::string& name, bool login) {
    pqxx::connection conn(admin_dsn());
    pqxx::work tx(conn);
    auto exists = tx.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", name);
    if (exists.empty())
        tx.exec0("CREATE ROLE " + tx.quote_name(name) + (login ? " LOGIN" : " NOLOGIN"));
    tx.commit();
}

void pg_cluster::exec_admin(const std::string& dbname, const std::string& sql) {
    pqxx::connection conn(dsn(dbname, admin_user));
    pqxx::nontransaction tx(conn);
    tx.exec0(sql);
}

} // namespace cloudsync::test
