# Tests of the GCP collectors: the Compute, Storage, Run and Monitoring page parsers on every
# official example (shared/fixtures/gcp), normalization, error bodies, malformed pages.
# Their own binary, so the GCP module builds and runs without the Azure tests.
set(CLOUDSYNC_GCP_COLLECTOR_TESTS gcp_instance_page_test.cpp gcp_network_pages_test.cpp
    gcp_error_body_test.cpp gcp_bucket_page_test.cpp gcp_run_pages_test.cpp
    gcp_alert_policy_page_test.cpp gcp_time_series_page_test.cpp)
cloudsync_test(collectors_gcp_tests
  SOURCES ${CLOUDSYNC_GCP_COLLECTOR_TESTS}
  DEPS cloudsync::collectors_gcp)

# The GCP collectors (vms, networks, storage, containers, metrics, alerts) against cloudsim
# over loopback.
cloudsync_test(collectors_gcp_sim_tests
  SOURCES gcp_collectors_sim_test.cpp gcp_storage_sim_test.cpp gcp_run_sim_test.cpp
          gcp_alert_policy_sim_test.cpp gcp_metrics_sim_test.cpp
  DEPS cloudsync::collectors_gcp cloudsync::http cloudsync::cloudsim)
