# Azure metrics and alerts collectors (appended to the module's sources).
list(APPEND CLOUDSYNC_COLLECTOR_SOURCES)
