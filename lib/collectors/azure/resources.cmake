# Azure storage, networks and containers collectors (appended to the Azure
# target's sources) and the common ARM resource fields.
list(APPEND CLOUDSYNC_AZURE_COLLECTOR_SOURCES
    azure/arm_resource.cpp
    azure/storage_pages.cpp
    azure/storage_collector.cpp
    azure/virtual_network_page.cpp
    azure/network_collector.cpp
    azure/container_group_page.cpp
    azure/container_collector.cpp)
