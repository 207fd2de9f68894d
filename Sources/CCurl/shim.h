#ifndef CIRCLES_CCURL_SHIM_H
#define CIRCLES_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call.
// Each wrapper below fixes the type of the value, one per kind of option; the
// caller picks the wrapper that matches the option's documented type.

/// Sets an option whose value is a `long` (flags, timeouts, enums such as CURLOPT_USE_SSL).
static inline CURLcode circles_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option whose value is a `curl_off_t` (sizes such as CURLOPT_INFILESIZE_LARGE).
static inline CURLcode circles_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option whose value is a C string; libcurl copies it.
static inline CURLcode circles_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option whose value is an opaque pointer (CURLOPT_READDATA, CURLOPT_DEBUGDATA,
/// CURLOPT_ERRORBUFFER); libcurl does not copy it, so it must outlive the transfer.
static inline CURLcode circles_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option whose value is a string list (CURLOPT_MAIL_RCPT); libcurl does not copy it.
static inline CURLcode circles_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// The signature of CURLOPT_READFUNCTION.
typedef size_t (*circles_curl_read_callback)(char *buffer, size_t size, size_t count, void *userdata);

/// Sets CURLOPT_READFUNCTION, which supplies the bytes to upload.
static inline CURLcode circles_curl_setopt_read_function(CURL *handle, circles_curl_read_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

/// The signature of CURLOPT_DEBUGFUNCTION.
typedef int (*circles_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);

/// Sets CURLOPT_DEBUGFUNCTION, which sees the protocol lines both ways (needs CURLOPT_VERBOSE).
static inline CURLcode circles_curl_setopt_debug_function(CURL *handle, circles_curl_debug_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

/// Reads an information value of type `long` (CURLINFO_RESPONSE_CODE, CURLINFO_NUM_CONNECTS).
static inline CURLcode circles_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// The signature of CURLOPT_WRITEFUNCTION (and CURLOPT_HEADERFUNCTION).
typedef size_t (*circles_curl_write_callback)(char *data, size_t size, size_t count, void *userdata);

/// Sets CURLOPT_WRITEFUNCTION, which receives the bytes downloaded (an IMAP FETCH's message,
/// the untagged answers to a custom IMAP command).
static inline CURLcode circles_curl_setopt_write_function(CURL *handle, circles_curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

/// The flags for curl_global_init, as a constant Swift can import.
static const long CIRCLES_CURL_GLOBAL_DEFAULT = CURL_GLOBAL_DEFAULT;

/// The size of the buffer CURLOPT_ERRORBUFFER needs, as a constant Swift can import.
static const size_t CIRCLES_CURL_ERROR_SIZE = CURL_ERROR_SIZE;

#endif
