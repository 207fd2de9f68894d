import Foundation

/// How a POSTed form is encoded, from its Content-Type.
enum FormEncoding: Equatable {
    /// `application/x-www-form-urlencoded`, what browsers send for our forms; also assumed when
    /// a sender names no type.
    case urlEncoded
    /// `multipart/form-data` with its boundary.
    case multipart(boundary: String)

    /// The encoding a `Content-Type` value names, or nil for any other type.
    init?(contentType: String?) {
        guard let contentType, !contentType.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            self = .urlEncoded
            return
        }
        let parts = contentType.split(separator: ";", omittingEmptySubsequences: false)
        switch parts[0].trimmingCharacters(in: .whitespaces).lowercased() {
        case "application/x-www-form-urlencoded":
            self = .urlEncoded
        case "multipart/form-data":
            let boundary = parts.dropFirst().lazy.compactMap { parameter -> String? in
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { return nil }
                let value = pair[1].trimmingCharacters(in: .whitespaces)
                return value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") ? String(value.dropFirst().dropLast()) : value
            }.first
            guard let boundary, !boundary.isEmpty else { return nil }
            self = .multipart(boundary: boundary)
        default:
            return nil
        }
    }
}
