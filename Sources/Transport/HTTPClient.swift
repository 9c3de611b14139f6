/// The HTTP client every part of yuqing uses: all transfers share one libcurl multi handle,
/// with global and per-host connection limits, connection reuse and HTTP/2 multiplexing.
///
/// Call `shutdown()` once no more requests will be made.
public final class HTTPClient: Sendable {
    private let loop: CurlMultiLoop

    /// - Parameters:
    ///   - maxConnections: open connections across all hosts.
    ///   - maxConnectionsPerHost: open connections to any one host.
    /// Throws only when libcurl itself cannot be initialised.
    public init(maxConnections: Int = 16, maxConnectionsPerHost: Int = 2) throws(TransportError) {
        loop = try CurlMultiLoop(maxConnections: maxConnections, maxConnectionsPerHost: maxConnectionsPerHost)
    }

    /// Performs `request` and returns the final response after redirects, whatever its
    /// status code. Throws `TransportError` when no response could be had, and
    /// `CancellationError` when the calling task is cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = try CurlTransfer(request: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.continuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// Aborts running transfers and stops the event loop.
    public func shutdown() {
        loop.shutdown()
    }
}
