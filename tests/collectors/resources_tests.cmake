# Tests of the storage, networks and containers collectors.
list(APPEND CLOUDSYNC_COLLECTOR_TESTS)
list(APPEND CLOUDSYNC_COLLECTOR_SIM_TESTS)
