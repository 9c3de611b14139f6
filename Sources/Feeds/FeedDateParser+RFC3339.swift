import Foundation

extension FeedDateParser {
    /// The form nearly every Atom feed prints, `2026-11-26T10:05:00+08:00` (or `Z`, with or
    /// without a fraction), read straight from the bytes; anything else — no zone, a space
    /// for `T`, a compact form — falls through to the general parsers.
    func parseCanonicalRFC3339(_ text: String) -> Date? {
        var text = text
        return text.withUTF8(Self.canonicalRFC3339)
    }

    static func canonicalRFC3339(_ utf8: UnsafeBufferPointer<UInt8>) -> Date? {
        var start = 0
        var end = utf8.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        while start < end, isSpace(utf8[start]) { start += 1 }
        while end > start, isSpace(utf8[end - 1]) { end -= 1 }
        guard end - start >= 20 else { return nil }
        func at(_ offset: Int) -> UInt8 { utf8[start + offset] }
        func number(_ offset: Int, _ length: Int) -> Int? {
            var value = 0
            for index in offset..<(offset + length) {
                let byte = at(index)
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard at(4) == UInt8(ascii: "-"), at(7) == UInt8(ascii: "-"), at(10) | 0x20 == UInt8(ascii: "t"), at(13) == UInt8(ascii: ":"),
            at(16) == UInt8(ascii: ":"), let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var cursor = 19
        let length = end - start
        var fraction = 0.0
        if cursor < length, at(cursor) == UInt8(ascii: ".") {
            cursor += 1
            var scale = 0.1
            let digitsStart = cursor
            while cursor < length, at(cursor) >= 0x30, at(cursor) <= 0x39 {
                fraction += Double(at(cursor) - 0x30) * scale
                scale /= 10
                cursor += 1
            }
            guard cursor > digitsStart else { return nil }
        }
        guard cursor < length else { return nil }
        let offset: Int
        if at(cursor) | 0x20 == UInt8(ascii: "z"), cursor + 1 == length {
            offset = 0
        } else if at(cursor) == UInt8(ascii: "+") || at(cursor) == UInt8(ascii: "-") {
            let sign = at(cursor) == UInt8(ascii: "-") ? -1 : 1
            let rest = length - cursor - 1
            guard let hours = number(cursor + 1, 2) else { return nil }
            let minutes: Int?
            switch rest {
            case 5 where at(cursor + 3) == UInt8(ascii: ":"): minutes = number(cursor + 4, 2)
            case 4: minutes = number(cursor + 3, 2)
            default: minutes = nil
            }
            guard let minutes, hours <= 18, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 24, minute <= 59, second <= 60
        else { return nil }
        let local = daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(local - offset) + fraction)
    }
}
