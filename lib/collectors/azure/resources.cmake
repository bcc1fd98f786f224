# Azure storage, networks and containers collectors (appended to the module's
# sources), the helpers every Azure collector shares (subscription scopes,
# batches, common ARM resource fields), and the Blob data-plane XML parser.
list(APPEND CLOUDSYNC_COLLECTOR_SOURCES
    azure/arm_resource.cpp
    azure/detail/scopes.cpp
    azure/detail/batch_writer.cpp
    azure/storage_pages.cpp
    azure/blob_list.cpp
    azure/storage_collector.cpp
    azure/virtual_network_page.cpp
    azure/network_collector.cpp
    azure/container_group_page.cpp
    azure/container_collector.cpp)
