import Foundation
import PostgresTestSupport

/// One GET made and parsed by Python: urllib for HTTP, prometheus_client's parser for the
/// metrics, both independent of the code under test.
struct Scrape {
    let status: Int
    let body: String
    /// Samples as `name{label=value,…}` (labels sorted) → value, from text_string_to_metric_families.
    let samples: [String: Double]
    /// Family name → type, as the parser understood it.
    let types: [String: String]

    static let script = """
        import sys, json, urllib.request, urllib.error
        try:
            response = urllib.request.urlopen(sys.argv[1], timeout=10)
            status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        samples, types = {}, {}
        if sys.argv[1].endswith('/metrics'):
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(body):
                types[family.name] = family.type
                for s in family.samples:
                    labels = ','.join('%s=%s' % kv for kv in sorted(s.labels.items()))
                    samples[s.name + '{' + labels + '}'] = s.value
        print(json.dumps({'status': status, 'body': body, 'samples': samples, 'types': types}))
        """

    static func get(_ url: String) async throws -> Scrape {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, url]
        let result = try await Subprocess.finish(process)
        guard result.status == 0,
            let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
            let status = json["status"] as? Int, let body = json["body"] as? String
        else {
            throw TestSetupError(
                "python3 could not GET or parse \(url) (needs python3-prometheus-client): \(result.standardError)")
        }
        return Scrape(
            status: status, body: body, samples: (json["samples"] as? [String: Double]) ?? [:],
            types: (json["types"] as? [String: String]) ?? [:])
    }
}
