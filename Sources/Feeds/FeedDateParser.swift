import Foundation

/// Reads the dates feeds and Chinese sites print: RFC 822/1123 and their broken variants,
/// RFC 3339 / ISO 8601 / W3CDTF, and `2026年11月26日 10:05`, `2026-11-26 10:05`,
/// `11-26 10:05`, `刚刚`, `5分钟前`, `3小时前`, `昨天 10:05`, `前天`.
///
/// A date without a zone is read in `timeZone`; relative forms count back from `now`.
public struct FeedDateParser: Sendable {
    public var timeZone: TimeZone {
        didSet { calendar.timeZone = timeZone }
    }
    public var now: Date
    /// Gregorian in `timeZone`, made once: building a Calendar per date is costly.
    private var calendar: Calendar

    public init(timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt, now: Date) {
        self.timeZone = timeZone
        self.now = now
        calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
    }

    /// The calendar for `zone`: the cached one when it is the default zone.
    private func calendar(in zone: TimeZone?) -> Calendar {
        guard let zone, zone != timeZone else { return calendar }
        var other = calendar
        other.timeZone = zone
        return other
    }

    public func parse(_ raw: String) -> Date? {
        if let date = parseCanonicalRFC1123(raw) ?? parseCanonicalRFC3339(raw) { return date }
        let text = raw.trimmedWhitespace
        guard !text.isEmpty else { return nil }
        return parseRelativeChinese(text) ?? parseNumeric(text) ?? parseRFC822(text)
    }

    /// The form nearly every RSS feed prints, `Thu, 26 Nov 2026 10:05:00 +0800` (or `GMT`),
    /// read straight from the bytes; anything else falls through to the general parsers.
    private func parseCanonicalRFC1123(_ text: String) -> Date? {
        var text = text
        return text.withUTF8(Self.canonicalRFC1123)
    }

    private static func canonicalRFC1123(_ utf8: UnsafeBufferPointer<UInt8>) -> Date? {
        var count = utf8.count
        while count > 0, utf8[count - 1] == 0x20 || utf8[count - 1] == 0x0A || utf8[count - 1] == 0x0D || utf8[count - 1] == 0x09 {
            count -= 1
        }
        guard count == 29 || count == 31, utf8[3] == UInt8(ascii: ","), utf8[4] == 0x20, utf8[7] == 0x20,
            utf8[11] == 0x20, utf8[16] == 0x20, utf8[19] == UInt8(ascii: ":"), utf8[22] == UInt8(ascii: ":"), utf8[25] == 0x20
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = utf8[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        let monthKey = (UInt32(utf8[8] | 0x20) << 16) | (UInt32(utf8[9] | 0x20) << 8) | UInt32(utf8[10] | 0x20)
        guard let day = number(5..<7), let year = number(12..<16), let hour = number(17..<19), let minute = number(20..<22),
            let second = number(23..<25), let monthIndex = Self.monthKeys.firstIndex(of: monthKey)
        else { return nil }
        let offset: Int
        if count == 29 {
            guard utf8[26] == UInt8(ascii: "G"), utf8[27] == UInt8(ascii: "M"), utf8[28] == UInt8(ascii: "T") else { return nil }
            offset = 0
        } else {
            guard utf8[26] == UInt8(ascii: "+") || utf8[26] == UInt8(ascii: "-"), let hhmm = number(27..<31),
                hhmm / 100 <= 18, hhmm % 100 < 60
            else { return nil }
            offset = (hhmm / 100 * 3600 + hhmm % 100 * 60) * (utf8[26] == UInt8(ascii: "-") ? -1 : 1)
        }
        let month = monthIndex + 1
        guard day >= 1, day <= daysIn(month: month, year: year), hour <= 24, minute <= 59, second <= 60 else { return nil }
        let local = daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(local - offset))
    }

    /// `jan` … `dec` as three bytes in one number.
    private static let monthKeys: [UInt32] = months.map { name in
        name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    // MARK: Chinese relative forms

    private func parseRelativeChinese(_ text: String) -> Date? {
        if text == "刚刚" || text == "刚才" { return now }
        let units: [(String, Double)] = [("秒钟前", 1), ("秒前", 1), ("分钟前", 60), ("分前", 60), ("小时前", 3600), ("天前", 86400)]
        for (suffix, seconds) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            // A count from the page: finite and within about a century, or no date.
            if let count = Double(number), count.isFinite, count >= 0, count * seconds < 3.2e9 { return now.addingTimeInterval(-count * seconds) }
            if number == "半" && seconds == 3600 { return now.addingTimeInterval(-1800) }
        }
        let dayOffsets: [(String, Int)] = [("今天", 0), ("昨天", -1), ("前天", -2)]
        for (word, offset) in dayOffsets where text.hasPrefix(word) {
            let rest = text.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
            let calendar = self.calendar
            guard let day = calendar.date(byAdding: .day, value: offset, to: now) else { return nil }
            var components = calendar.dateComponents([.year, .month, .day], from: day)
            let clock = Self.numbers(in: rest)
            components.hour = clock.count > 0 ? clock[0] : 0
            components.minute = clock.count > 1 ? clock[1] : 0
            components.second = clock.count > 2 ? clock[2] : 0
            return calendar.date(from: components)
        }
        return nil
    }

    // MARK: ISO 8601, W3CDTF and the numeric Chinese forms

    /// `2026-11-26T10:05:00+08:00`, `2026-11-26 10:05`, `2026/11/26`, `2026年11月26日 10:05`,
    /// `20261126T100500Z`, `11-26 10:05` (this year).
    private func parseNumeric(_ text: String) -> Date? {
        guard let first = text.unicodeScalars.first, CharacterSet.decimalDigits.contains(first) else { return nil }
        var body = Substring(text)
        var zone: TimeZone?
        if let (offset, rest) = Self.trailingZone(body) {
            zone = offset
            body = rest
        }
        var numbers = Self.numbers(in: body)
        guard !numbers.isEmpty else { return nil }
        // Compact ISO 8601: 20261126 or 20261126T100500.
        if let compact = Self.expandCompact(body) { numbers = compact }
        var components = DateComponents()
        var index = 0
        if numbers[0] >= 1000 {
            components.year = numbers[0]
            index = 1
        } else if numbers.count >= 2, numbers[0] <= 12, text.utf8.contains(UInt8(ascii: "-")) || text.unicodeScalars.contains("月") || text.utf8.contains(UInt8(ascii: "/")) {
            components.year = calendar(in: zone).component(.year, from: now)  // `11-26 10:05`
        } else {
            return nil
        }
        let rest = Array(numbers.dropFirst(index))
        components.month = rest.count > 0 ? rest[0] : 1
        components.day = rest.count > 1 ? rest[1] : 1
        components.hour = rest.count > 2 ? rest[2] : 0
        components.minute = rest.count > 3 ? rest[3] : 0
        components.second = rest.count > 4 ? rest[4] : 0
        guard let month = components.month, (1...12).contains(month), let day = components.day, (1...31).contains(day),
            let hour = components.hour, hour <= 24, let minute = components.minute, minute < 60,
            let second = components.second, second <= 60
        else { return nil }
        guard var date = makeDate(components, zone: zone) else { return nil }
        if let fraction = Self.fraction(in: body) { date.addTimeInterval(fraction) }
        return date
    }

    private static func expandCompact(_ body: Substring) -> [Int]? {
        let digitsOnly = body.filter { $0 != "T" && $0 != "t" }
        guard digitsOnly.count >= 8, digitsOnly.allSatisfy(\.isASCIIDigit), !body.utf8.contains(UInt8(ascii: "-")) else { return nil }
        let digits = Array(digitsOnly)
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= digits.count else { return nil }
            return Int(String(digits[start..<start + length]))
        }
        return [number(0, 4), number(4, 2), number(6, 2), number(8, 2), number(10, 2), number(12, 2)].compactMap { $0 }
    }

    /// A trailing `Z`, `+08:00`, `+0800`, `+08`, ` GMT`, ` UTC` after a clock time.
    private static func trailingZone(_ text: Substring) -> (TimeZone, Substring)? {
        if text.hasSuffix("Z") || text.hasSuffix("z") { return (.gmt, text.dropLast()) }
        for name in ["GMT", "UTC", "UT"] where text.uppercased().hasSuffix(" " + name) {
            return (.gmt, text.dropLast(name.count + 1))
        }
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "T") }) else { return nil }
        let scalars = Array(text)
        var index = scalars.count - 1
        while index >= 0, scalars[index].isASCIIDigit || scalars[index] == ":" { index -= 1 }
        guard index > 0, scalars[index] == "+" || scalars[index] == "-" else { return nil }
        let digits = scalars[(index + 1)...].filter(\.isASCIIDigit)
        guard [2, 4].contains(digits.count), let value = Int(String(digits)) else { return nil }
        // A date's own hyphen (`2026-11-26`) is not a zone: the zone follows a clock time.
        guard scalars[..<index].contains(":") else { return nil }
        let hours = digits.count == 2 ? value : value / 100
        let minutes = digits.count == 2 ? 0 : value % 100
        let seconds = (hours * 3600 + minutes * 60) * (scalars[index] == "-" ? -1 : 1)
        guard let zone = TimeZone(secondsFromGMT: seconds) else { return nil }
        return (zone, text.prefix(index))
    }

    private static func fraction(in text: Substring) -> Double? {
        guard let colon = text.lastIndex(of: ":"), let dot = text[colon...].firstIndex(of: ".") else { return nil }
        let digits = text[text.index(after: dot)...].prefix(while: \.isASCIIDigit)
        return digits.isEmpty ? nil : Double("0." + digits)
    }

    static func numbers(in text: some StringProtocol) -> [Int] {
        var result: [Int] = []
        var current = ""
        for character in text {
            if character.isASCIIDigit {
                current.append(character)
            } else {
                if let value = Int(current) { result.append(value) }
                current = ""
                if character == "." && result.count >= 6 { break }
            }
        }
        if let value = Int(current) { result.append(value) }
        return result
    }

    // MARK: RFC 822 and variants

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "bst": 1, "cet": 1, "cest": 2, "jst": 9, "hkt": 8, "ct": 8,
    ]

    /// `Thu, 26 Nov 2026 10:05:00 +0800` and friends: optional weekday, day and month in
    /// either order, two- or four-digit years, missing seconds, named or numeric zones.
    private func parseRFC822(_ text: String) -> Date? {
        let tokens = text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: \.isWhitespace).map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var clock: [Int] = []
        var zone: TimeZone?
        for token in tokens {
            let lower = token.lowercased()
            if let index = Self.months.firstIndex(where: { lower.hasPrefix($0) }), month == nil, !lower.utf8.contains(UInt8(ascii: ":")) {
                month = index + 1
            } else if token.utf8.contains(UInt8(ascii: ":")) {
                clock = token.split(separator: ":").compactMap { Int($0.prefix(while: \.isASCIIDigit)) }
            } else if let first = token.first, first == "+" || first == "-", (2...5).contains(token.count), token.dropFirst().allSatisfy(\.isASCIIDigit) {
                let value = Int(token.dropFirst()) ?? 0
                let digits = token.count - 1
                let seconds = (digits <= 2 ? value * 3600 : (value / 100) * 3600 + (value % 100) * 60)
                zone = TimeZone(secondsFromGMT: first == "-" ? -seconds : seconds)
            } else if let hours = Self.zones[lower] {
                zone = TimeZone(secondsFromGMT: hours * 3600)
            } else if let number = Int(token) {
                if day == nil && number <= 31 && token.count <= 2 {
                    day = number
                } else if year == nil {
                    year = number < 50 ? 2000 + number : (number < 100 ? 1900 + number : number)
                }
            }
        }
        guard let day, let month, let year else { return nil }
        let components = DateComponents(
            year: year, month: month, day: day,
            hour: clock.count > 0 ? clock[0] : 0, minute: clock.count > 1 ? clock[1] : 0,
            second: clock.count > 2 ? clock[2] : 0)
        return makeDate(components, zone: zone)
    }

    /// The instant of a wall-clock time in `zone` (the parser's zone when nil), computed
    /// directly: Calendar.date(from:) costs more than the rest of a date's parsing.
    /// Days beyond the month's end are rejected rather than rolled over.
    private func makeDate(_ parts: DateComponents, zone: TimeZone?) -> Date? {
        guard let year = parts.year, let month = parts.month, let day = parts.day, (1...9999).contains(year),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        let hour = parts.hour ?? 0, minute = parts.minute ?? 0, second = parts.second ?? 0
        guard (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let local = Double(Self.daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second)
        let zone = zone ?? timeZone
        let firstGuess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local))
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - Double(firstGuess)))
        return Date(timeIntervalSince1970: local - Double(offset))
    }

    /// Days in `month` of `year` (proleptic Gregorian).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
