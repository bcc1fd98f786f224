#include "config/detail/secrets.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cloudsync::config::detail {
namespace {

constexpr std::size_t max_secret_bytes = 1 << 20;

// Closes the file on every way out of read_small_file.
struct descriptor {
    int fd;
    ~descriptor() {
        if (fd >= 0)
            ::close(fd);
    }
};

std::string lower_errno(int code) {
    std::string text = std::strerror(code);
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

void trim_trailing_newlines(std::string& text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
}

std::string read_reference_file(const value& at, const std::filesystem::path& path,
                                unsigned* mode = nullptr) {
    std::string content;
    std::string problem;
    if (!read_small_file(path, max_secret_bytes, content, problem, mode))
        at.fail("cannot read " + path.string() + ": " + problem);
    return content;
}

// A secret file other users may read (or write) is a secret shared with them.
// `mode` is that of the file read (no second look at the path).
void warn_if_shared(const value& at, const std::filesystem::path& path, unsigned mode) {
    if ((mode & (S_IRWXG | S_IRWXO)) == 0)
        return;
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777);
    at.warn(path.string() + " is accessible to its group or to other users (mode " + text +
            "); make it readable by the daemon's user alone (chmod 600)");
}

std::string read_env(const value& at) {
    auto name = at.as_nonempty_string();
    const char* found = std::getenv(name.c_str());
    if (found == nullptr)
        at.fail("environment variable " + name + " is not set");
    return found;
}

std::string read_credential(const value& at) {
    auto name = at.as_nonempty_string();
    if (name.find('/') != std::string::npos || name == "." || name == "..")
        at.fail("credential name must not contain '/'");
    const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
    if (dir == nullptr || *dir == '\0')
        at.fail("credential " + name +
                ": $CREDENTIALS_DIRECTORY is not set (use LoadCredential= in the unit)");
    return read_reference_file(at, std::filesystem::path(dir) / name);
}

} // namespace

std::filesystem::path resolve_path(const load_context& context, const std::string& written) {
    std::filesystem::path path(written);
    if (path.is_relative())
        path = context.base_dir / path;
    return path.lexically_normal();
}

bool read_small_file(const std::filesystem::path& path, std::size_t max_bytes, std::string& content,
                     std::string& problem, unsigned* mode) {
    content.clear();
    problem.clear();
    // O_NONBLOCK: a FIFO given by mistake must not hang the load.
    descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
    struct stat info {};
    if (file.fd < 0 || ::fstat(file.fd, &info) != 0)
        problem = lower_errno(errno);
    else if (!S_ISREG(info.st_mode))
        problem = "not a regular file";
    else if (static_cast<std::size_t>(info.st_size) > max_bytes)
        problem = "larger than " + std::to_string(max_bytes) + " bytes";
    if (problem.empty() && mode != nullptr)
        *mode = static_cast<unsigned>(info.st_mode & 07777);
    char buffer[8192];
    while (problem.empty()) {
        auto n = ::read(file.fd, buffer, sizeof buffer);
        if (n == 0)
            return true;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            problem = lower_errno(errno);
        else if (content.append(buffer, static_cast<std::size_t>(n)).size() > max_bytes)
            problem = "larger than " + std::to_string(max_bytes) + " bytes";
    }
    content.clear();
    return false;
}

secret read_secret(const value& v) {
    if (v.node().IsScalar()) {
        auto text = v.node().Scalar();
        if (text.empty())
            v.fail("secret must not be empty");
        v.warn("inline secret; use {file: PATH}, {env: NAME} or {credential: NAME} instead");
        return secret(std::move(text));
    }
    if (!v.node().IsMap())
        v.fail("expected a secret reference: {file: PATH}, {env: NAME} or {credential: NAME}");
    object ref(v, {"file", "env", "credential"}, /*hide_unknown_names=*/true);
    if (ref.has("file") + ref.has("env") + ref.has("credential") != 1)
        v.fail("a secret reference needs exactly one of file, env, credential");
    std::string content;
    if (ref.has("file")) {
        auto file = ref.require("file");
        const auto path = resolve_path(v.context(), file.as_nonempty_string());
        unsigned mode = 0;
        content = read_reference_file(file, path, &mode);
        warn_if_shared(file, path, mode);
    } else if (ref.has("env")) {
        content = read_env(ref.require("env"));
    } else {
        content = read_credential(ref.require("credential"));
    }
    trim_trailing_newlines(content);
    if (content.empty())
        v.fail("secret is empty");
    return secret(std::move(content));
}

} // namespace cloudsync::config::detail
