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
# blob_list.cpp reads XML with pugixml, linked PRIVATE (STYLE.md §1). This file
# is included before lib/collectors/CMakeLists.txt creates the target, so the
# link is deferred to the end of that directory; the variable tells the lead,
# who may move it into cloudsync_module(... PRIVATE_DEPS pugixml).
set(CLOUDSYNC_COLLECTORS_NEEDS_PUGIXML ON)
cmake_language(DEFER CALL target_link_libraries cloudsync_collectors PRIVATE pugixml)
