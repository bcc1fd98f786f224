// A throwaway PostgreSQL cluster for database tests: one per test process,
// started on first use (initdb + pg_ctl into a fresh temporary directory, as the
// unprivileged `postgres` user when the tests run as root), listening only on a
// unix socket inside that directory, fsync off, trust authentication, superuser
// `cloudsync_admin`. Tests of a database outage can stop and start the server
// in between. It is stopped and removed at process exit; clusters left by
// a crashed earlier run are found by their dead owner pid and removed first, and
// never share a socket or directory with a new run, so they cannot make it fail.
// Not here: the store's schema (the store migrates a database itself).
#pragma once

#include <mutex>
#include <string>
#include <vector>

namespace cloudsync::test {

struct database_info {
    std::string name; // the database name
    std::string dsn;  // libpq conninfo as cloudsync_admin
};

class pg_cluster {
public:
    // The process's cluster, started on first call. Thread-safe. Throws
    // std::runtime_error (with the server or initdb log) when it cannot start.
    static pg_cluster& instance();

    // conninfo of the superuser on the `postgres` database.
    std::string admin_dsn() const;
    // conninfo of `user` on database `dbname` (trust auth: no password).
    std::string dsn(const std::string& dbname, const std::string& user) const;

    // A fresh empty database with a unique name.
    database_info create_database();
    // Creates the role unless it exists (LOGIN when `login`). Roles are
    // cluster-wide, so tests choose unique names.
    void create_role(const std::string& name, bool login);
    // Runs one SQL statement as cloudsync_admin on the given database.
    void exec_admin(const std::string& dbname, const std::string& sql);

    // A database outage, as an operator causes it: pg_ctl stops the server
    // (fast mode: open sessions are cut, like `systemctl restart postgresql`)
    // and starts it again on the same data directory, socket directory and
    // port, so every DSN handed out stays valid. restart_server() is one
    // `pg_ctl restart`. Thread-safe; each returns once pg_ctl has waited for
    // the server to be down or to accept connections, and throws
    // std::runtime_error with pg_ctl's and the server's log when it fails.
    // Stopping a stopped server or starting a running one does nothing.
    void stop_server();
    void start_server();
    void restart_server();

    const std::string& socket_dir() const noexcept { return dir_; }
    int port() const noexcept { return port_; }

    pg_cluster(const pg_cluster&) = delete;
    pg_cluster& operator=(const pg_cluster&) = delete;
    ~pg_cluster();

private:
    pg_cluster();
    void init();
    void start_locked();
    void stop() noexcept;
    std::vector<std::string> pg_ctl(const std::string& action) const;

    std::string dir_;
    int port_ = 0;
    std::mutex server_mutex_; // guards running_ and serializes pg_ctl
    bool running_ = false;
    int next_db_ = 0;
};

} // namespace cloudsync::test
