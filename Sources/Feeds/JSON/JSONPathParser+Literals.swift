/// String and number literals, as RFC 9535 writes them.
extension JSONPathParser {
    /// A single- or double-quoted string with JSON's escapes (and `\'` in single quotes).
    mutating func parseString() throws(JSONPathError) -> String {
        guard let quote = peek() else { throw error("expected a string") }
        position += 1
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw error("unterminated string") }
            position += 1
            if scalar == quote { return String(result) }
            if scalar.value < 0x20 { throw error("control character in a string: escape it", at: position - 1) }
            guard scalar == "\\" else {
                result.append(scalar)
                continue
            }
            guard let escaped = peek() else { throw error("unterminated escape") }
            position += 1
            switch escaped {
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "t": result.append("\t")
            case "/", "\\": result.append(escaped)
            case "'" where quote == "'", "\"" where quote == "\"": result.append(escaped)
            case "u": result.append(try parseUnicodeEscape())
            default: throw error("invalid escape \\\(Character(escaped))", at: position - 2)
            }
        }
    }

    /// `\uXXXX`, with a surrogate pair as two escapes.
    private mutating func parseUnicodeEscape() throws(JSONPathError) -> Unicode.Scalar {
        let start = position - 2
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard consume("\\u") else { throw error("a high surrogate needs a low one", at: start) }
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low), let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else {
                throw error("invalid surrogate pair", at: start)
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw error("a lone surrogate is not a character", at: start) }
        return scalar
    }

    private mutating func parseHex4() throws(JSONPathError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let scalar = peek(), let digit = Character(scalar).hexDigitValue else { throw error("expected four hex digits") }
            value = value * 16 + UInt32(digit)
            position += 1
        }
        return value
    }

    /// `-`? int frac? exp?, where int has no leading zero; integers stay integers.
    mutating func parseNumber() throws(JSONPathError) -> JSONValue {
        let start = position
        if peek() == "-" { position += 1 }
        guard let first = peek(), ("0"..."9").contains(first) else { throw error("expected a number", at: start) }
        position += 1
        if first == "0", let next = peek(), ("0"..."9").contains(next) { throw error("no leading zeros", at: start) }
        skipDigits()
        var integral = true
        if peek() == ".", let next = peek(1), ("0"..."9").contains(next) {
            position += 1
            skipDigits()
            integral = false
        } else if peek() == "." {
            throw error("expected digits after the decimal point")
        }
        if peek() == "e" || peek() == "E" {
            position += 1
            if peek() == "+" || peek() == "-" { position += 1 }
            guard let digit = peek(), ("0"..."9").contains(digit) else { throw error("expected digits in the exponent") }
            skipDigits()
            integral = false
        }
        let text = String(String.UnicodeScalarView(scalars(from: start)))
        if integral, let value = Int64(text) { return text == "-0" ? .double(-0.0) : .int(value) }
        guard let value = Double(text) else { throw error("number out of range", at: start) }
        return .double(value)
    }

    private mutating func skipDigits() {
        while let scalar = peek(), ("0"..."9").contains(scalar) { position += 1 }
    }
}
