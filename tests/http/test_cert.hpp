// Self-signed certificates made on the fly for the TLS tests (OpenSSL 3
// EVP/X509 APIs), so no key material is checked in.
#pragma once

#include <string>

namespace cloudsync::http::test {

struct self_signed {
    std::string cert_pem;
    std::string key_pem;
};

// A P-256 key and a certificate with CN common_name and subjectAltName san
// (OpenSSL syntax, e.g. "DNS:localhost,IP:127.0.0.1"), valid for a day.
self_signed make_self_signed(const std::string& common_name, const std::string& san);

// Writes text to a fresh file under the test temp dir and returns its path.
std::string write_temp_file(const std::string& name, const std::string& text);

} // namespace cloudsync::http::test
