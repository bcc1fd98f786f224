// The Azure Instance Metadata Service token endpoint for managed identities:
// GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=R[&client_id=C]
// with the header "Metadata: true". Answers as IMDS does: every field a
// string (expires_in too), errors as {"error","error_description"}. Issues
// tokens into the same store as Entra, so they work on every ARM/metrics route.
#pragma once

#include "cloudsim/entra.hpp"
#include "cloudsim/reply.hpp"
#include "cloudsim/stats.hpp"

#include <boost/url/url_view.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace cloudsync::cloudsim {

struct imds_config {
    bool system_assigned = true;             // a system-assigned identity exists
    std::string system_client_id;            // reported for it
    std::vector<std::string> user_assigned;  // client ids of user-assigned identities
    std::vector<std::string> resources;      // accepted `resource` values (no trailing slash)
    std::chrono::seconds lifetime{86399};
};

bool is_imds_token_path(boost::urls::url_view url);

reply handle_imds_token(const imds_config& config, token_store& tokens, stats& counters,
                        const http_request& request, boost::urls::url_view url);

} // namespace cloudsync::cloudsim
