import CLibPQ
import Synchronization

/// Asks the server to cancel whatever statement a session is running, from any thread.
///
/// libpq's cancel object (`PQgetCancel`) is made while the connection is idle and used by
/// `PQcancel`, which is thread-safe: it opens a separate connection to the server and sends the
/// backend's key. The session's own thread stays blocked in its call until the server answers
/// the statement with SQLSTATE 57014 (query_canceled).
final class StatementCanceller: Sendable {
    // safe: the pointer is only read, used and freed under the mutex.
    private struct Handle: @unchecked Sendable { let pointer: OpaquePointer }
    private let handle = Mutex<Handle?>(nil)

    /// Takes the cancel key of a freshly opened connection.
    func arm(for connection: OpaquePointer) {
        let cancel = PQgetCancel(connection).map(Handle.init)
        handle.withLock { current in
            if let old = current { PQfreeCancel(old.pointer) }
            current = cancel
        }
    }

    /// Sends the cancel request; returns false when there is no connection or the request could not be sent.
    @discardableResult
    func cancel() -> Bool {
        handle.withLock { current in
            guard let current else { return false }
            var error = [CChar](repeating: 0, count: 256)
            return PQcancel(current.pointer, &error, Int32(error.count)) == 1
        }
    }

    /// Forgets the key (the connection is closing).
    func disarm() {
        handle.withLock { current in
            if let old = current { PQfreeCancel(old.pointer) }
            current = nil
        }
    }

    deinit { disarm() }
}
