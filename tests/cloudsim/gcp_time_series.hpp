// Cloud Monitoring's timeSeries.list in the sim, in Google's wire shape:
// `GET /v3/projects/P/timeSeries?filter=...&interval.startTime=...&
// interval.endTime=...&aggregation.alignmentPeriod=60s&
// aggregation.perSeriesAligner=...&view=FULL|HEADERS&pageSize=N&pageToken=T`.
// One series per RUNNING instance of the project for the five Compute VM
// metric types below (resource gce_instance with project_id, instance_id,
// zone; metric.labels.instance_name), points newest first at every aligned
// minute in (start, end]. Checked as the API documents: the filter names
// exactly one metric.type (400 otherwise; resource.type and
// resource.labels.project_id terms narrow it), endTime is required, an
// aligner other than ALIGN_NONE needs an alignmentPeriod of at least 60 s,
// and the aligner must suit the metric's kind (cpu/utilization is a GAUGE:
// ALIGN_MEAN, ALIGN_MAX, ALIGN_MIN; the byte counts are DELTA: ALIGN_DELTA,
// ALIGN_RATE). pageSize counts points (FULL) or series (HEADERS), at most
// 100,000; a page ends at a series boundary. Routing, bearer check and the
// disabled-API answer are gcp_compute.cpp's.
#pragma once

#include "cloudsim/gcp_compute.hpp"

#include <cstdint>
#include <string_view>

namespace cloudsync::cloudsim {

// The five metric types served (index = position).
inline constexpr std::string_view gcp_vm_metric_types[] = {
    "compute.googleapis.com/instance/cpu/utilization",
    "compute.googleapis.com/instance/network/received_bytes_count",
    "compute.googleapis.com/instance/network/sent_bytes_count",
    "compute.googleapis.com/instance/disk/read_bytes_count",
    "compute.googleapis.com/instance/disk/write_bytes_count",
};

// The value of metric `metric` (index above) of instance i over the aligned
// minute ending at end_seconds: a utilization fraction in [0, 1) for the
// GAUGE, bytes in that minute for the counts (ALIGN_DELTA; ALIGN_RATE divides
// by the period).
double gcp_metric_value(const gcp_instance& i, std::size_t metric, std::int64_t end_seconds);

reply time_series_reply(const gcp_estate& estate, const gcp_project& p, boost::urls::url_view url);

} // namespace cloudsync::cloudsim
