# Tests of the metrics and alerts collectors.
list(APPEND CLOUDSYNC_COLLECTOR_TESTS
    metric_page_test.cpp metric_samples_test.cpp metric_batch_test.cpp alert_page_test.cpp)
list(APPEND CLOUDSYNC_COLLECTOR_SIM_TESTS metrics_collector_sim_test.cpp alerts_collector_sim_test.cpp)
