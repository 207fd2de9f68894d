import Foundation
import TestRequirements

/// A self-signed certificate for 127.0.0.1 and localhost, made with `openssl` once per test run.
struct TestCertificate: Sendable {
    let certificate: String
    let key: String

    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// openssl, which the TLS and AUTH tests need.
    static var requirement: Requirement {
        Requirement(
            isMet: openssl != nil,
            missing: "openssl is not installed, so no self-signed certificate can be made; install it with: apt-get install -y openssl")
    }

    /// The certificate, made on first use.
    static let shared: Result<TestCertificate, any Error> = Result { try make() }

    private struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static func make() throws -> TestCertificate {
        guard let openssl else { throw Failure(description: "openssl is not installed") }
        let directory = try TemporaryDirectory.make("smtp-cert")
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "openssl req failed with status \(process.terminationStatus)")
        }
        return TestCertificate(certificate: certificate, key: key)
    }
}
