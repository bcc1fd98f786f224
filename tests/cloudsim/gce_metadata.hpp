// The Compute Engine metadata server's token route for the VM's default
// service account: GET /computeMetadata/v1/instance/service-accounts/default/token
// with the header "Metadata-Flavor: Google". Answers as the metadata server
// does: {"access_token","expires_in","token_type":"Bearer"} with the response
// header Metadata-Flavor: Google; a request without the header (or one that
// went through a proxy, X-Forwarded-For) is refused 403 in plain text; a VM
// without a service account answers 404. Tokens go into the shared token_store.
#pragma once

#include "cloudsim/entra.hpp"
#include "cloudsim/reply.hpp"
#include "cloudsim/stats.hpp"

#include <boost/url/url_view.hpp>

#include <chrono>
#include <string>

namespace cloudsync::cloudsim {

struct gce_metadata_config {
    bool service_account = true; // the VM has a default service account
    std::string service_account_email = "123456789012-compute@developer.gserviceaccount.com";
    std::chrono::seconds lifetime{3599};
};

bool is_gce_metadata_token_path(boost::urls::url_view url);

reply handle_gce_metadata_token(const gce_metadata_config& config, token_store& tokens, stats& counters,
                                const http_request& request);

} // namespace cloudsync::cloudsim
