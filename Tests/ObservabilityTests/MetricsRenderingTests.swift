import Foundation
import Observability
import Prometheus
import Testing

@Suite("metrics kept in a swift-prometheus registry render in the text format an independent parser reads")
struct MetricsRenderingTests {
    func named(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    @Test("an independent parser (Python prometheus_client) reads back every family, HELP text, sample and escaped label")
    func independentParser() throws {
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(descriptor: named("circles_reminders_sent_total", "Reminders sent, by \"kind\"."), labels: [("kind", "meeting_reminder")])
            .increment(by: Int64(3))
        registry.makeGauge(descriptor: named("weird", "Escapes \\ and \"quotes\"."), labels: [("v", "a\\b\"c\nd")]).set(0.5)
        let histogram = registry.makeDurationHistogram(
            descriptor: named("pass_seconds", "Pass."), labels: [("worker", "w1")], buckets: [.milliseconds(10), .milliseconds(100), .seconds(1)])
        histogram.record(.milliseconds(50))
        histogram.record(.seconds(2))
        let script = """
            import sys, json
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(sys.stdin.read()):
                out[family.name] = {"type": family.type, "documentation": family.documentation,
                    "samples": [[s.name, s.labels, s.value] for s in family.samples]}
            print(json.dumps(out, sort_keys=True))
            """
        let parsed = try PythonPrometheus.run(script, input: registry.emitToString())
        let families = try #require(try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [String: [String: Any]])
        #expect(families["circles_reminders_sent"]?["type"] as? String == "counter")
        #expect(families["circles_reminders_sent"]?["documentation"] as? String == "Reminders sent, by \"kind\".")
        let sent = families["circles_reminders_sent"]?["samples"] as? [[Any]]
        #expect(sent?.first?[2] as? Double == 3)
        #expect(families["weird"]?["documentation"] as? String == "Escapes \\ and \"quotes\".")
        let weird = families["weird"]?["samples"] as? [[Any]]
        #expect((weird?.first?[1] as? [String: String])?["v"] == "a\\b\"c\nd")
        let buckets = (families["pass_seconds"]?["samples"] as? [[Any]] ?? []).filter { ($0[0] as? String) == "pass_seconds_bucket" }
        #expect(buckets.map { ($0[1] as? [String: String])?["le"] ?? "" } == ["0.01", "0.1", "1.0", "+Inf"])
        #expect(buckets.map { $0[2] as? Double ?? -1 } == [0, 1, 1, 2])
    }
}
