# Azure storage, networks and containers collectors (appended to the module's sources).
list(APPEND CLOUDSYNC_COLLECTOR_SOURCES)
