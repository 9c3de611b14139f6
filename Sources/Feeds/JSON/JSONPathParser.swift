/// Recursive descent over RFC 9535's grammar, on Unicode scalars so that columns count
/// characters as people see them.
struct JSONPathParser {
    private let scalars: [Unicode.Scalar]
    var position = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func parseQuery() throws(JSONPathError) -> [Segment] {
        guard peek() == "$" else { throw error("a query starts with $") }
        position += 1
        let segments = try parseSegments()
        skipBlanks()
        guard position == scalars.count else { throw error("unexpected \(describe(peek()))") }
        return segments
    }

    // MARK: Segments and selectors

    mutating func parseSegments() throws(JSONPathError) -> [Segment] {
        var segments: [Segment] = []
        while true {
            let saved = position
            skipBlanks()
            if starts(with: "..") {
                position += 2
                segments.append(.descendant(try parseDescendantSelection()))
            } else if peek() == "." {
                position += 1
                if peek() == "*" {
                    position += 1
                    segments.append(.child([.wildcard]))
                } else {
                    segments.append(.child([.name(try parseMemberName())]))
                }
            } else if peek() == "[" {
                segments.append(.child(try parseBracketed()))
            } else {
                position = saved
                return segments
            }
        }
    }

    private mutating func parseDescendantSelection() throws(JSONPathError) -> [Selector] {
        if peek() == "[" { return try parseBracketed() }
        if peek() == "*" {
            position += 1
            return [.wildcard]
        }
        return [.name(try parseMemberName())]
    }

    private mutating func parseMemberName() throws(JSONPathError) -> String {
        guard let first = peek(), Self.isNameFirst(first) else { throw error("expected a member name, * or [ after the dot") }
        var name = String.UnicodeScalarView()
        while let scalar = peek(), Self.isNameFirst(scalar) || ("0"..."9").contains(scalar) {
            name.append(scalar)
            position += 1
        }
        return String(name)
    }

    private mutating func parseBracketed() throws(JSONPathError) -> [Selector] {
        position += 1  // [
        var selectors: [Selector] = []
        repeat {
            skipBlanks()
            selectors.append(try parseSelector())
            skipBlanks()
        } while consume(",")
        guard consume("]") else { throw error("expected , or ] in the brackets, found \(describe(peek()))") }
        return selectors
    }

    private mutating func parseSelector() throws(JSONPathError) -> Selector {
        switch peek() {
        case "'", "\"": return .name(try parseString())
        case "*":
            position += 1
            return .wildcard
        case "?":
            position += 1
            skipBlanks()
            return .filter(try parseOr())
        default: return try parseIndexOrSlice()
        }
    }

    private mutating func parseIndexOrSlice() throws(JSONPathError) -> Selector {
        let start = peek() == ":" ? nil : try parseInteger()
        skipBlanks()
        guard consume(":") else {
            guard let start else { throw error("expected a selector") }
            return .index(start)
        }
        skipBlanks()
        let end = isIntegerStart ? try parseInteger() : nil
        skipBlanks()
        var step: Int64?
        if consume(":") {
            skipBlanks()
            step = isIntegerStart ? try parseInteger() : nil
        }
        return .slice(start: start, end: end, step: step)
    }

    private var isIntegerStart: Bool { peek().map { $0 == "-" || ("0"..."9").contains($0) } ?? false }

    /// `0` or `-`? followed by digits without a leading zero, within ±(2⁵³ − 1).
    private mutating func parseInteger() throws(JSONPathError) -> Int64 {
        let begin = position
        if peek() == "-" { position += 1 }
        guard let first = peek(), ("0"..."9").contains(first) else { throw error("expected an integer") }
        if first == "0" {
            position += 1
            if scalars[begin] == "-" { throw error("-0 is not an integer here", at: begin) }
            if let next = peek(), ("0"..."9").contains(next) { throw error("no leading zeros", at: begin) }
            return 0
        }
        while let scalar = peek(), ("0"..."9").contains(scalar) { position += 1 }
        let digits = String(String.UnicodeScalarView(scalars[begin..<position]))
        guard let value = Int64(digits), abs(value) <= 9_007_199_254_740_991 else {
            throw error("integer out of range (±2^53 − 1)", at: begin)
        }
        return value
    }

    // MARK: Scanning

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    func starts(with text: String) -> Bool {
        for (offset, scalar) in text.unicodeScalars.enumerated() where peek(offset) != scalar { return false }
        return true
    }

    mutating func consume(_ text: String) -> Bool {
        guard starts(with: text) else { return false }
        position += text.unicodeScalars.count
        return true
    }

    mutating func skipBlanks() {
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { position += 1 }
    }

    var column: Int { position + 1 }

    func error(_ message: String, at index: Int? = nil) -> JSONPathError {
        JSONPathError(column: (index ?? position) + 1, message: message)
    }

    func describe(_ scalar: Unicode.Scalar?) -> String {
        scalar.map { "\"\(Character($0))\"" } ?? "the end"
    }

    func scalars(from start: Int) -> ArraySlice<Unicode.Scalar> { scalars[start..<position] }

    static func isNameFirst(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar.value >= 0x80
    }
}
