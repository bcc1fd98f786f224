# Azure metrics and alerts collectors (appended to the Azure target's sources).
list(APPEND CLOUDSYNC_AZURE_COLLECTOR_SOURCES
    azure/detail/metrics_client.cpp
    azure/metric_page.cpp
    azure/metric_samples.cpp
    azure/metric_batch.cpp
    azure/metrics_collector.cpp
    azure/alert_page.cpp
    azure/alert_join.cpp
    azure/alerts_collector.cpp)
