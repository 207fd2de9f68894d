import CCurl

/// One libcurl easy handle logged in to an IMAP server; libcurl keeps the connection (and the
/// selected mailbox) open between commands on the same handle. Not thread-safe: `IMAPMailbox`
/// uses it only on its own serial executor.
final class IMAPSession {
    private let handle: UnsafeMutableRawPointer
    private let configuration: IMAPConfiguration
    private let sink = IMAPSink()
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var closed = false

    init(configuration: IMAPConfiguration) throws(IMAPError) {
        guard CurlLibrary.isReady, let handle = curl_easy_init() else {
            throw IMAPError(.connection, command: "connect", reason: "libcurl could not initialise")
        }
        self.handle = handle
        self.configuration = configuration
        errorBuffer = .allocate(capacity: Int(CIRCLES_CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CIRCLES_CURL_ERROR_SIZE))
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let useSSL: curl_usessl =
            configuration.implicitTLS ? CURLUSESSL_ALL : (configuration.isLoopback ? CURLUSESSL_TRY : CURLUSESSL_ALL)
        var codes = [
            circles_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "imap,imaps"),
            circles_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            circles_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout)),
            circles_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.timeout)),
            circles_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(useSSL.rawValue)),
            circles_curl_setopt_string(handle, CURLOPT_USERNAME, configuration.username),
            circles_curl_setopt_string(handle, CURLOPT_PASSWORD, configuration.password),
            circles_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            circles_curl_setopt_write_function(handle, Self.writeCallback),
            circles_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context),
            circles_curl_setopt_read_function(handle, Self.readCallback),
            circles_curl_setopt_pointer(handle, CURLOPT_READDATA, context),
        ]
        if let caFile = configuration.caFile { codes.append(circles_curl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
        if !configuration.verifiesCertificate {
            codes.append(circles_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0))
            codes.append(circles_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0))
        }
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            close()
            throw IMAPError(.connection, command: "connect", reason: "libcurl refused an option: \(CurlLibrary.describe(bad))")
        }
    }

    deinit { close() }

    /// Logs out (libcurl says LOGOUT on an open connection) and frees the handle.
    func close() {
        guard !closed else { return }
        closed = true
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The URL of `mailbox` (nil: the server), with `;UIDVALIDITY=` so libcurl refuses a changed mailbox,
    /// and `;UID=` for a fetch.
    private func url(mailbox: String?, uidValidity: UInt32? = nil, uid: UInt32? = nil) -> String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        var text = "\(configuration.implicitTLS ? "imaps" : "imap")://\(host):\(configuration.port)/"
        if let mailbox {
            text += Self.percentEncoded(mailbox)
            if let uidValidity { text += ";UIDVALIDITY=\(uidValidity)" }
            if let uid { text += "/;UID=\(uid)" }
        }
        return text
    }

    /// Runs a command (nil: a plain fetch of the URL) and returns what libcurl wrote: the untagged
    /// answers of a custom command, or the message of a fetch.
    func perform(
        _ command: String?, label: String, mailbox: String?, uidValidity: UInt32? = nil, uid: UInt32? = nil,
        upload: [UInt8]? = nil, limit: Int = 64 << 20
    ) throws(IMAPError) -> [UInt8] {
        sink.reset(limit: limit, upload: upload)
        errorBuffer[0] = 0
        defer { sink.releaseUpload() }
        var codes = [circles_curl_setopt_string(handle, CURLOPT_URL, url(mailbox: mailbox, uidValidity: uidValidity, uid: uid))]
        if let command {
            codes.append(circles_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, command))
        } else {
            codes.append(circles_curl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil))
        }
        codes.append(circles_curl_setopt_long(handle, CURLOPT_UPLOAD, upload == nil ? 0 : 1))
        if let upload { codes.append(circles_curl_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.count))) }
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            throw IMAPError(.connection, command: label, reason: "libcurl refused an option: \(CurlLibrary.describe(bad))")
        }
        let code = curl_easy_perform(handle)
        if sink.exceeded { throw IMAPError(.tooLarge, command: label, reason: "the answer exceeded \(limit) bytes") }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let reason = detail.isEmpty ? CurlLibrary.describe(code) : detail
            switch code {
            case CURLE_REMOTE_FILE_NOT_FOUND where reason.contains("UIDVALIDITY"):
                throw IMAPError(.uidValidityChanged, command: label, reason: reason)
            case CURLE_QUOTE_ERROR, CURLE_REMOTE_FILE_NOT_FOUND, CURLE_UPLOAD_FAILED:
                throw IMAPError(.refused, command: label, reason: reason)
            default:
                throw IMAPError(.connection, command: label, reason: reason)
            }
        }
        return sink.received
    }

    private static func percentEncoded(_ mailbox: String) -> String {
        var result = ""
        for byte in mailbox.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.properties.isAlphabetic && byte < 0x80 || (0x30...0x39).contains(byte) || "-._~/".utf8.contains(byte) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    private static let writeCallback: circles_curl_write_callback = { data, size, count, userdata in
        guard let data, let userdata else { return 0 }
        let sink = Unmanaged<IMAPSink>.fromOpaque(userdata).takeUnretainedValue()
        return sink.write(UnsafeRawBufferPointer(start: data, count: size * count))
    }

    private static let readCallback: circles_curl_read_callback = { buffer, size, count, userdata in
        guard let buffer, let userdata else { return 0 }
        let sink = Unmanaged<IMAPSink>.fromOpaque(userdata).takeUnretainedValue()
        return sink.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// What a transfer wrote, bounded, and what an APPEND uploads.
final class IMAPSink {
    private(set) var received: [UInt8] = []
    private(set) var exceeded = false
    private var limit = 0
    private var upload: [UInt8] = []
    private var offset = 0

    func reset(limit: Int, upload: [UInt8]?) {
        received = []
        received.reserveCapacity(min(limit, 64 << 10))
        exceeded = false
        self.limit = limit
        self.upload = upload ?? []
        offset = 0
    }

    func releaseUpload() { upload = [] }

    /// Appends, or refuses (0 makes libcurl stop) once past the limit.
    func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard received.count + bytes.count <= limit else {
            exceeded = true
            return 0
        }
        received.append(contentsOf: bytes)
        return bytes.count
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, upload.count - offset)
        guard count > 0 else { return 0 }
        upload.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }
}
