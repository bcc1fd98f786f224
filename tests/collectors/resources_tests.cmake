# Tests of the storage, networks and containers collectors.
list(APPEND CLOUDSYNC_COLLECTOR_TESTS
    arm_resource_test.cpp storage_pages_test.cpp
    virtual_network_page_test.cpp container_group_page_test.cpp)
list(APPEND CLOUDSYNC_COLLECTOR_SIM_TESTS resources_collector_sim_test.cpp)
