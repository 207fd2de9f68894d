import CCurl

/// libcurl's process-wide set-up, done once before the first handle: `curl_global_init`
/// is not safe to race with other threads, and `curl_easy_init` would otherwise do it lazily.
enum CurlLibrary {
    /// The result of `curl_global_init`; Swift runs this initialiser exactly once.
    static let initialization: CURLcode = curl_global_init(CIRCLES_CURL_GLOBAL_DEFAULT)

    /// Whether libcurl is ready for use.
    static var isReady: Bool { initialization == CURLE_OK }

    /// libcurl's text for a result code, such as "Couldn't connect to server".
    static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}
