internal import CLibXML2

/// Character references in an attribute value, decoded as the HTML standard does for the
/// cases that can hide a URL's scheme (`&#106;avascript:`, `&#x09;`, `java&#58;`): numeric
/// references with or without `;`, and named ones with `;` that libxml2's HTML table knows
/// (`&amp;`, `&nbsp;`, …). Anything else stays as written — the sanitiser escapes every `&`
/// it writes, so an unknown reference reaches a browser as plain text, never as a character.
enum HTMLCharacterReference {
    /// Appends `bytes` to `output` with references decoded.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"), let (scalar, end) = reference(bytes, at: index) else {
                output.append(byte)
                index += 1
                continue
            }
            appendUTF8(scalar, to: &output)
            index = end
        }
    }

    /// True when `bytes` hold an `&` (most values do not, and are copied whole).
    @inline(__always) static func mayContainReference(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains(UInt8(ascii: "&"))
    }

    private static func reference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        let count = bytes.count
        guard index + 2 < count else { return nil }
        if bytes[index + 1] == UInt8(ascii: "#") {
            var cursor = index + 2
            let hex = bytes[cursor] | 0x20 == UInt8(ascii: "x")
            if hex { cursor += 1 }
            let start = cursor
            var value: UInt32 = 0
            while cursor < count, let digit = digitValue(bytes[cursor], hex: hex) {
                value = min(value &* (hex ? 16 : 10) &+ digit, 0x11_0000)
                cursor += 1
            }
            guard cursor > start else { return nil }
            if cursor < count, bytes[cursor] == UInt8(ascii: ";") { cursor += 1 }
            let scalar = (value == 0 ? nil : Unicode.Scalar(value)) ?? "\u{FFFD}"
            return (scalar, cursor)
        }
        var cursor = index + 1
        while cursor < count, cursor - index <= 32, isAlphanumeric(bytes[cursor]) { cursor += 1 }
        guard cursor < count, bytes[cursor] == UInt8(ascii: ";"), cursor > index + 1 else { return nil }
        var name = [CChar](repeating: 0, count: cursor - index)
        for offset in 0..<(cursor - index - 1) { name[offset] = CChar(bitPattern: bytes[index + 1 + offset]) }
        let value: UInt32?
        if cursor - index - 1 == 4, Array(bytes[(index + 1)..<cursor]) == Array("apos".utf8) {
            value = 0x27
        } else {
            value = name.withUnsafeBufferPointer { pointer in
                pointer.withMemoryRebound(to: UInt8.self) { htmlEntityLookup($0.baseAddress).map { UInt32($0.pointee.value) } }
            }
        }
        guard let value, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, cursor + 1)
    }

    @inline(__always) private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(byte - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(byte - 0x41 + 10)
        default: nil
        }
    }

    @inline(__always) private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(scalar) { output.append($0) }
    }
}
