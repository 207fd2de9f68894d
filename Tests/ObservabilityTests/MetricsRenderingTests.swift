import Foundation
import Observability
import Testing

@Suite("metrics render in the Prometheus text format 0.0.4")
struct MetricsRenderingTests {
    @Test("a counter, a gauge and a histogram render exactly, with HELP, TYPE, cumulative buckets, +Inf, _sum and _count")
    func golden() {
        let registry = MetricsRegistry()
        let sent = registry.counter("circles_reminders_sent_total", help: "Reminders sent.", labels: ["kind"])
        sent.increment(["meeting_reminder"])
        sent.increment(by: 2, ["invitation"])
        let depth = registry.gauge("circles_outbox_reminders", help: "Waiting.", labels: ["state"])
        depth.set(7, ["pending"])
        let latency = registry.histogram("smtp_seconds", help: "Latency.", buckets: [0.1, 1])
        latency.observe(0.05)
        latency.observe(0.1)
        latency.observe(0.5)
        latency.observe(3)
        #expect(registry.render() == """
            # HELP circles_reminders_sent_total Reminders sent.
            # TYPE circles_reminders_sent_total counter
            circles_reminders_sent_total{kind="invitation"} 2
            circles_reminders_sent_total{kind="meeting_reminder"} 1
            # HELP circles_outbox_reminders Waiting.
            # TYPE circles_outbox_reminders gauge
            circles_outbox_reminders{state="pending"} 7
            # HELP smtp_seconds Latency.
            # TYPE smtp_seconds histogram
            smtp_seconds_bucket{le="0.1"} 2
            smtp_seconds_bucket{le="1"} 3
            smtp_seconds_bucket{le="+Inf"} 4
            smtp_seconds_sum 3.65
            smtp_seconds_count 4

            """)
    }

    @Test("label values escape backslash, double quote and line feed; HELP escapes backslash and line feed")
    func escaping() {
        let registry = MetricsRegistry()
        let gauge = registry.gauge("odd", help: "a \\ b\nc \"q\"", labels: ["path"])
        gauge.set(1, ["C:\\dir \"x\"\nnext"])
        #expect(registry.render() == """
            # HELP odd a \\\\ b\\nc "q"
            # TYPE odd gauge
            odd{path="C:\\\\dir \\"x\\"\\nnext"} 1

            """)
    }

    @Test("values print as Prometheus reads them", arguments: [
        (0.0, "0"), (42.0, "42"), (-3.0, "-3"), (0.25, "0.25"), (1e-5, "1e-05"), (1e20, "1e+20"),
        (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"),
    ])
    func numbers(value: Double, text: String) {
        #expect(PrometheusText.format(value) == text)
    }

    @Test("metric and label names follow the exposition format's grammar")
    func names() {
        #expect(PrometheusText.isValidMetricName("circles_reminders_sent_total"))
        #expect(PrometheusText.isValidMetricName("job:rate5m"))
        #expect(!PrometheusText.isValidMetricName("9lives"))
        #expect(!PrometheusText.isValidMetricName("with-dash"))
        #expect(!PrometheusText.isValidMetricName(""))
        #expect(PrometheusText.isValidLabelName("kind"))
        #expect(!PrometheusText.isValidLabelName("__reserved"))
        #expect(!PrometheusText.isValidLabelName("a:b"))
    }

    @Test("an independent parser (Python prometheus_client) reads back every family, sample and label")
    func independentParser() throws {
        let registry = MetricsRegistry()
        let sent = registry.counter("circles_reminders_sent_total", help: "Reminders sent, by \"kind\".", labels: ["kind"])
        sent.increment(by: 3, ["meeting_reminder"])
        registry.gauge("weird", help: "Escapes.", labels: ["v"]).set(0.5, ["a\\b\"c\nd"])
        let histogram = registry.histogram("pass_seconds", help: "Pass.", labels: ["worker"], buckets: [0.01, 0.1, 1])
        histogram.observe(0.05, ["w1"])
        histogram.observe(2, ["w1"])
        let script = """
            import sys, json
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(sys.stdin.read()):
                out[family.name] = {"type": family.type, "documentation": family.documentation,
                    "samples": [[s.name, s.labels, s.value] for s in family.samples]}
            print(json.dumps(out, sort_keys=True))
            """
        let parsed = try PythonPrometheus.run(script, input: registry.render())
        let families = try #require(try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [String: [String: Any]])
        #expect(families["circles_reminders_sent"]?["type"] as? String == "counter")
        #expect(families["circles_reminders_sent"]?["documentation"] as? String == "Reminders sent, by \"kind\".")
        let weird = families["weird"]?["samples"] as? [[Any]]
        #expect((weird?.first?[1] as? [String: String])?["v"] == "a\\b\"c\nd")
        let buckets = (families["pass_seconds"]?["samples"] as? [[Any]] ?? []).filter { ($0[0] as? String) == "pass_seconds_bucket" }
        #expect(buckets.map { ($0[1] as? [String: String])?["le"] ?? "" } == ["0.01", "0.1", "1", "+Inf"])
        #expect(buckets.map { $0[2] as? Double ?? -1 } == [0, 1, 1, 2])
    }
}
