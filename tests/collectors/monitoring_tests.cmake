# Tests of the metrics and alerts collectors.
list(APPEND CLOUDSYNC_COLLECTOR_TESTS)
list(APPEND CLOUDSYNC_COLLECTOR_SIM_TESTS)
