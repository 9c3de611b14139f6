/// Selects the items of a path of names ending in a wildcard (`$.data.items[*]`, `$[*]`,
/// `$['list'][*]`) without building the whole document: walks the bytes to the array the
/// path names and parses its elements one at a time, so a large body costs itself plus one
/// item instead of a tree several times its size.
///
/// Other paths (descendants, filters, indexes) need the whole tree; `JSONListParser` builds
/// it only for bodies up to `treeLimit`.
struct JSONItemStream {
    /// The largest body parsed into a whole tree (about 9× its size in memory).
    static let treeLimit = 4 << 20

    enum Failure: Error {
        /// The bytes are not JSON where the walk went (byte offset).
        case malformed(Int)
    }

    /// The member names of a streamable path, or nil when the path needs the tree.
    static func names(of path: JSONPath) -> [String]? {
        guard case .child(let last)? = path.segments.last, last.count == 1, case .wildcard = last[0] else { return nil }
        var names: [String] = []
        for segment in path.segments.dropLast() {
            guard case .child(let selectors) = segment, selectors.count == 1, case .name(let name) = selectors[0] else { return nil }
            names.append(name)
        }
        return names
    }

    private let bytes: [UInt8]
    private var position = 0
    /// After a `select` that returned nil: where the path stopped matching.
    private(set) var stoppedAt = ""

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The elements of the array (or the member values of the object) that `names` lead
    /// to, each parsed on its own; nil when the path does not lead to one (the caller
    /// builds the tree to say where it stops matching).
    mutating func select(names: [String]) throws -> [JSONValue]? {
        var values: [JSONValue] = []
        return try forEach(names: names) { values.append($0) } == nil ? nil : values
    }

    /// Hands each element that `names` lead to to `body` as soon as it is parsed, keeping
    /// none: memory is the body plus one element. Returns how many there were, or nil
    /// when the path does not lead to an array or object (`stoppedAt` says where).
    mutating func forEach(names: [String], _ body: (JSONValue) throws -> Void) throws -> Int? {
        skipSpace()
        var prefix = "$"
        for name in names {
            guard peek() == UInt8(ascii: "{") else {
                stoppedAt = "\(prefix) is not an object"
                return nil
            }
            guard try enterMember(named: name) else {
                stoppedAt = "\(prefix) has no member '\(name)'"
                return nil
            }
            prefix += "['\(name)']"
            skipSpace()
        }
        switch peek() {
        case UInt8(ascii: "["): return try elements(closing: UInt8(ascii: "]"), keyed: false, body)
        case UInt8(ascii: "{"): return try elements(closing: UInt8(ascii: "}"), keyed: true, body)
        default:
            stoppedAt = "\(prefix) is neither an array nor an object"
            return nil
        }
    }

    /// Moves into the value of member `name` of the object here; false when it has none.
    private mutating func enterMember(named name: String) throws -> Bool {
        position += 1
        skipSpace()
        if peek() == UInt8(ascii: "}") { return false }
        while true {
            skipSpace()
            let key = try string()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            if key == name { return true }
            try skipValue()
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                position += 1
            } else {
                try expect(UInt8(ascii: "}"))
                return false
            }
        }
    }

    /// The values of the array or object here, each parsed from its own bytes and handed
    /// on; returns how many.
    private mutating func elements(closing: UInt8, keyed: Bool, _ body: (JSONValue) throws -> Void) throws -> Int {
        position += 1
        var count = 0
        skipSpace()
        if peek() == closing {
            position += 1
            return 0
        }
        while true {
            skipSpace()
            if keyed {
                _ = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
            }
            let start = position
            try skipValue()
            let value: JSONValue
            do {
                value = try JSONValue.parse(Array(bytes[start..<position]))
            } catch {
                throw Failure.malformed(start)
            }
            try body(value)
            count += 1
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                position += 1
            } else {
                try expect(closing)
                return count
            }
        }
    }

    /// Steps over one value of any kind, tracking nesting and strings.
    private mutating func skipValue() throws {
        var depth = 0
        repeat {
            skipSpace()
            guard let byte = peek() else { throw Failure.malformed(position) }
            switch byte {
            case UInt8(ascii: "\""):
                _ = try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { throw Failure.malformed(position) }
                depth -= 1
                position += 1
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                guard depth > 0 else { throw Failure.malformed(position) }
                position += 1
            default:
                let start = position
                while let next = peek(), !Self.delimiters.contains(next) { position += 1 }
                if position == start { throw Failure.malformed(position) }
            }
        } while depth > 0
    }

    private static let delimiters: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":")]

    /// The string here, decoded (escapes included), for comparing member names.
    private mutating func string() throws -> String {
        let start = position
        try skipString()
        do {
            guard case .string(let text) = try JSONValue.parse(Array(bytes[start..<position])) else { throw Failure.malformed(start) }
            return text
        } catch {
            throw Failure.malformed(start)
        }
    }

    private mutating func skipString() throws {
        try expect(UInt8(ascii: "\""))
        while let byte = peek() {
            position += 1
            if byte == UInt8(ascii: "\\") {
                position += 1
            } else if byte == UInt8(ascii: "\"") {
                return
            }
        }
        throw Failure.malformed(position)
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek() == byte else { throw Failure.malformed(position) }
        position += 1
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }
}
