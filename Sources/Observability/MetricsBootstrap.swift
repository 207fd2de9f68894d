import CoreMetrics
import Prometheus

/// One Prometheus registry per process, shared by the metrics it defines itself (on the
/// registry, with HELP text) and by libraries that report through the swift-metrics API.
public enum MetricsBootstrap {
    /// Points the swift-metrics API at `registry`; call once, from an executable, before any
    /// library creates a metric (tests leave the global system alone).
    public static func bootstrap(_ registry: PrometheusCollectorRegistry) {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }
}
