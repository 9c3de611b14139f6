import Synchronization

/// A set of namespace URIs, and possibly "no namespace", that element views are tested
/// against (`XMLElementView.child(_:in:)`).
///
/// The feed parsers ask the same few questions for every element ("is this in one of the
/// RSS namespaces?"). URIs of sets built once (`init(registering:)`) get a process-wide
/// bit, and a document resolves each namespace declaration to its bits once, so the
/// question becomes one AND instead of hashing a 40-byte URI. URIs taken from documents
/// (`init(_:)`) are compared as strings and never fill the registry.
public struct XMLNamespaceSet: Sendable {
    /// Registered URIs as bits; bit 0 is "no namespace".
    let mask: UInt64
    /// URIs without a bit, compared as strings.
    let others: [String]

    /// A set built once (a `static let`): its URIs are registered for bit tests.
    public init(registering uris: [String?]) {
        self.init(uris, bit: NamespaceRegistry.register)
    }

    /// A set of URIs read from a document: they use a bit only if already registered.
    public init(_ uris: [String?]) {
        self.init(uris, bit: NamespaceRegistry.bit(of:))
    }

    private init(_ uris: [String?], bit: (String) -> Int?) {
        var mask: UInt64 = 0
        var others: [String] = []
        for uri in uris {
            if let uri {
                if let bit = bit(uri) { mask |= 1 << bit } else { others.append(uri) }
            } else {
                mask |= 1
            }
        }
        self.mask = mask
        self.others = others
    }

    /// The set with one more URI (not registered).
    public func inserting(_ uri: String?) -> XMLNamespaceSet {
        guard !contains(uri) else { return self }
        let added = XMLNamespaceSet([uri])
        return XMLNamespaceSet(mask: mask | added.mask, others: others + added.others)
    }

    private init(mask: UInt64, others: [String]) {
        self.mask = mask
        self.others = others
    }

    /// Membership of a URI given as a string.
    public func contains(_ uri: String?) -> Bool {
        guard let uri else { return mask & 1 != 0 }
        if let bit = NamespaceRegistry.bit(of: uri), mask & (1 << bit) != 0 { return true }
        return others.contains(uri)
    }

    /// Membership of a namespace a document resolved to `bits` and `uri`. A URI the
    /// document saw before it was registered has no bits there, so it is looked up again.
    @inline(__always)
    func contains(bits: UInt64, uri: String?) -> Bool {
        if mask & bits != 0 { return true }
        guard let uri else { return false }
        if bits == 0, let bit = NamespaceRegistry.bit(of: uri), mask & (1 << bit) != 0 { return true }
        return !others.isEmpty && others.contains(uri)
    }
}

/// The process-wide bits of registered namespace URIs (bit 0 means "no namespace").
enum NamespaceRegistry {
    private static let bits = Mutex<[String: Int]>([:])
    /// Bits 1...63.
    static let capacity = 63

    /// The URI's bit, registering it if there is room.
    static func register(_ uri: String) -> Int? {
        bits.withLock { bits in
            if let bit = bits[uri] { return bit }
            guard bits.count < capacity else { return nil }
            let bit = bits.count + 1
            bits[uri] = bit
            return bit
        }
    }

    /// The URI's bit if it is registered.
    static func bit(of uri: String) -> Int? {
        bits.withLock { $0[uri] }
    }
}
