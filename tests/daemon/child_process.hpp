// Runs the real cloudsyncd binary as a child process for end-to-end tests:
// arguments, extra environment, stderr captured to a file, signals, and a
// bounded wait for its exit. The destructor kills a child still running.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::test {

class child_process {
public:
    // Starts `program` with `args` and the current environment plus `env`
    // ("NAME=value"). stderr and stdout go to `log_path`.
    child_process(std::string program, std::vector<std::string> args,
                  std::vector<std::string> env, std::string log_path);
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    void signal(int number);
    // The exit code (128+signal when killed), or nullopt if it is still running at the deadline.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    std::string log() const;
    int pid() const noexcept { return pid_; }

private:
    int pid_ = -1;
    std::optional<int> status_;
    std::string log_path_;
};

// Runs a program to completion (bounded) and returns its exit code.
int run_to_exit(const std::string& program, const std::vector<std::string>& args,
                const std::vector<std::string>& env, const std::string& log_path,
                std::chrono::milliseconds timeout);

} // namespace cloudsync::test
