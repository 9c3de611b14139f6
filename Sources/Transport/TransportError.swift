/// Why a transfer did not produce a response.
public enum TransportError: Error, Equatable, CustomStringConvertible {
    /// The URL could not be used (not absolute, no host, or not http/https).
    case invalidURL(String)
    /// A header name or value contained CR, LF or NUL.
    case invalidHeader(String)
    /// The decompressed body grew past the limit.
    case bodyTooLarge(limit: Int)
    /// The resolved address is in a range the connection policy refuses.
    case addressRefused(String)
    /// The transfer exceeded its time limits or dripped below the low-speed limit.
    case timedOut(String)
    /// The transport is shutting down and took no new work.
    case shutdown
    /// Any other libcurl failure, with curl's own message.
    case curl(code: Int, message: String)

    public var description: String {
        switch self {
        case .invalidURL(let why): return "invalid URL: \(why)"
        case .invalidHeader(let name): return "invalid header \(name): contains CR, LF or NUL"
        case .bodyTooLarge(let limit): return "response body larger than \(limit) bytes"
        case .addressRefused(let address): return "refused to connect to non-public address \(address)"
        case .timedOut(let message): return "timed out: \(message)"
        case .shutdown: return "transport is shutting down"
        case .curl(let code, let message): return "curl error \(code): \(message)"
        }
    }
}
