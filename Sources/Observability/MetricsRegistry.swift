import Synchronization

/// The metrics one process exposes, rendered for a scrape in the Prometheus text format 0.0.4.
///
/// A small registry of our own instead of swift-metrics + swift-prometheus: the worker has a
/// dozen metrics, and rendering them correctly takes less code than the two packages'
/// build costs. Families render in registration order.
public final class MetricsRegistry: Sendable {
    private let families = Mutex<[any MetricFamily]>([])

    /// An empty registry.
    public init() {}

    /// Registers a counter; `name` should end in `_total`.
    public func counter(_ name: String, help: String, labels: [String] = []) -> Counter {
        register(Counter(name: name, help: help, labelNames: labels), labels: labels)
    }

    /// Registers a gauge.
    public func gauge(_ name: String, help: String, labels: [String] = []) -> Gauge {
        register(Gauge(name: name, help: help, labelNames: labels), labels: labels)
    }

    /// Registers a histogram with ascending finite bucket bounds (`+Inf` is added).
    public func histogram(_ name: String, help: String, labels: [String] = [], buckets: [Double]) -> Histogram {
        precondition(!buckets.isEmpty && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 } && buckets.allSatisfy(\.isFinite),
                     "\(name): bucket bounds must be finite and strictly ascending")
        precondition(!labels.contains("le"), "\(name): the label le is reserved for histogram buckets")
        return register(Histogram(name: name, help: help, labelNames: labels, buckets: buckets), labels: labels)
    }

    /// Every family in the text exposition format 0.0.4.
    public func render() -> String {
        var text = ""
        for family in families.withLock({ $0 }) {
            family.render(into: &text)
        }
        return text
    }

    private func register<Family: MetricFamily>(_ family: Family, labels: [String]) -> Family {
        precondition(PrometheusText.isValidMetricName(family.name), "\(family.name) is not a valid metric name")
        precondition(labels.allSatisfy(PrometheusText.isValidLabelName), "\(family.name): invalid label name in \(labels)")
        families.withLock { families in
            precondition(!families.contains { $0.name == family.name }, "\(family.name) is registered twice")
            families.append(family)
        }
        return family
    }
}
