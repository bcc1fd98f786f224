// The one-line summary systemd shows as STATUS= (`systemctl status`), e.g.
// "4 jobs, 1 running, 1 failing (azure-prod/vms: 403 on subscription ...); last: azure-prod/vms succeeded, 1200 seen, 3 changed".
// Kept short: systemd truncates long lines. Never contains a secret (errors never do).
#pragma once

#include "scheduler/scheduler.hpp"

#include <string>
#include <vector>

namespace cloudsync::daemon {

std::string status_line(const std::vector<scheduler::job_status>& jobs);

} // namespace cloudsync::daemon
