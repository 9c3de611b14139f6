/// An HTTP request as Transport performs it: a URL, a method, headers, an optional body,
/// and the limits and guards that apply to this one transfer.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public var url: String
    public var method: Method
    /// Header fields in order. Names and values are checked for CR/LF before sending.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    public var limits: TransferLimits
    public var policy: ConnectionPolicy

    public init(
        url: String,
        method: Method = .get,
        headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil,
        limits: TransferLimits = TransferLimits(),
        policy: ConnectionPolicy = ConnectionPolicy()
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.limits = limits
        self.policy = policy
    }
}

/// Time and size limits applied to every transfer; there is no unlimited transfer.
public struct TransferLimits: Sendable, Equatable {
    /// Seconds allowed for the TCP and TLS handshake.
    public var connectTimeout: Double
    /// Seconds allowed for the whole transfer, redirects included.
    public var totalTimeout: Double
    /// Largest body accepted, counted on the decompressed bytes (a gzip bomb aborts).
    public var maxBodyBytes: Int
    public var maxRedirects: Int
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds` is aborted.
    public var lowSpeedBytesPerSecond: Int
    public var lowSpeedSeconds: Int

    public init(
        connectTimeout: Double = 10,
        totalTimeout: Double = 30,
        maxBodyBytes: Int = 10 << 20,
        maxRedirects: Int = 5,
        lowSpeedBytesPerSecond: Int = 100,
        lowSpeedSeconds: Int = 15
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedSeconds = lowSpeedSeconds
    }
}

/// Where and how a transfer may connect.
public struct ConnectionPolicy: Sendable, Equatable {
    /// When false (the default), connections to loopback, private, link-local, CGNAT,
    /// multicast and unspecified addresses are refused, checked on the resolved address
    /// at connect time so that redirects and DNS tricks cannot get around it.
    public var allowPrivateNetworks: Bool
    /// The User-Agent header sent with every request.
    public var userAgent: String
    /// A PEM bundle of CA certificates to trust instead of the system's.
    public var caFile: String?
    /// Skip TLS certificate and host name verification (an explicit, logged opt-in).
    public var insecure: Bool
    /// How to reach the origin.
    public var proxy: ProxySetting

    public init(
        allowPrivateNetworks: Bool = false, userAgent: String = UserAgent.default, caFile: String? = nil,
        insecure: Bool = false, proxy: ProxySetting = .environment
    ) {
        self.allowPrivateNetworks = allowPrivateNetworks
        self.userAgent = userAgent
        self.caFile = caFile
        self.insecure = insecure
        self.proxy = proxy
    }
}

/// Which proxy a transfer uses.
public enum ProxySetting: Sendable, Equatable {
    /// `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` from the environment.
    case environment
    /// This proxy URL (`http://proxy.example.cn:3128`, `socks5h://…`), for every host.
    case url(String)
    /// No proxy, whatever the environment says.
    case none
}

/// The User-Agent yuqing sends unless configured otherwise.
public enum UserAgent {
    public static let version = "0.1.0"
    public static let `default` = "yuqing/\(version) (+https://github.com/yuqing-monitor/yuqing)"
}
