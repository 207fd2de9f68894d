import Foundation

extension UUID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The UUID in lowercase `8-4-4-4-12` form, as PostgreSQL writes it, formatted in place:
    /// every id printed goes through here, and Foundation's `uuidString` goes through `snprintf`
    /// (a few percent of circles-web's CPU per answer by perf). The Postgres module has its own
    /// copy for the values it binds, as it does not know the domain.
    var lowercaseText: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    out[at] = Self.hexDigits[Int(byte >> 4)]
                    out[at + 1] = Self.hexDigits[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }
}
