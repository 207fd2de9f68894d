import ReplyReading

/// How a POSTed form is encoded, from its Content-Type.
enum FormEncoding: Equatable {
    /// `application/x-www-form-urlencoded`, what browsers send for our forms; also assumed when
    /// a sender names no type.
    case urlEncoded
    /// `multipart/form-data` with its boundary.
    case multipart(boundary: String)

    /// The encoding a `Content-Type` value names, or nil for any other type. The value is read
    /// as MIME reads it (quoted parameters, `;` inside quotes), by the reply reader's parser.
    init?(contentType: String?) {
        guard let contentType, !contentType.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            self = .urlEncoded
            return
        }
        let type = MIMEContentType(parsing: contentType)
        switch type.mediaType {
        case "application/x-www-form-urlencoded":
            self = .urlEncoded
        case "multipart/form-data":
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty else { return nil }
            self = .multipart(boundary: boundary)
        default:
            return nil
        }
    }
}
