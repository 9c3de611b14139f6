/// A completed HTTP exchange: the final response after redirects.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields of the final response, in the order received.
    public var headers: HTTPHeaders
    /// The decompressed body.
    public var body: [UInt8]
    /// The URL of the final response after redirects.
    public var effectiveURL: String
    public var timing: TransferTiming

    public init(status: Int, headers: HTTPHeaders, body: [UInt8], effectiveURL: String, timing: TransferTiming = TransferTiming()) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
        self.timing = timing
    }
}

/// Where the time of a transfer went, in seconds from its start (libcurl's timers).
public struct TransferTiming: Sendable, Equatable {
    public var nameLookup: Double = 0
    public var connect: Double = 0
    public var tlsHandshake: Double = 0
    public var firstByte: Double = 0
    public var total: Double = 0
    /// Bytes received on the wire (before decompression).
    public var downloadedBytes: Int = 0
    /// `1.1`, `2`, … as negotiated.
    public var httpVersion: String = ""
    public var redirects: Int = 0

    public init() {}
}

/// Response header fields with case-insensitive lookup.
public struct HTTPHeaders: Sendable, Equatable {
    public private(set) var fields: [(name: String, value: String)] = []

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    public mutating func append(name: String, value: String) {
        fields.append((name, value))
    }

    /// The value of the first field named `name`, compared case-insensitively.
    public subscript(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}
