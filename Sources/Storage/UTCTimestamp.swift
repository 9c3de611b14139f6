import Feeds
import Foundation

/// `2026-11-26T02:05:00.123Z` written from the date's seconds since 1970, as
/// `RecordCoding.timestamp` formats it (milliseconds truncated), without a formatter.
enum UTCTimestamp {
    /// Writes the timestamp at `output` and returns its length (`length(of:)` bytes): 24,
    /// or for a date outside years 1583–9999 Foundation's own text.
    static func write(_ date: Date, to output: UnsafeMutablePointer<UInt8>) -> Int {
        guard let (year, month, day, secondOfDay, millis) = fields(date) else {
            let text = Array(RecordCoding.timestamp(date).utf8)
            output.update(from: text, count: text.count)
            return text.count
        }
        func two(_ value: Int, at index: Int) {
            output[index] = UInt8(truncatingIfNeeded: 0x30 + value / 10)
            output[index + 1] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
        }
        two(year / 100, at: 0)
        two(year % 100, at: 2)
        output[4] = UInt8(ascii: "-")
        two(month, at: 5)
        output[7] = UInt8(ascii: "-")
        two(day, at: 8)
        output[10] = UInt8(ascii: "T")
        two(secondOfDay / 3600, at: 11)
        output[13] = UInt8(ascii: ":")
        two(secondOfDay / 60 % 60, at: 14)
        output[16] = UInt8(ascii: ":")
        two(secondOfDay % 60, at: 17)
        output[19] = UInt8(ascii: ".")
        output[20] = UInt8(truncatingIfNeeded: 0x30 + millis / 100)
        two(millis % 100, at: 21)
        output[23] = UInt8(ascii: "Z")
        return 24
    }

    /// Foundation's calendar is Julian before October 1582 while the arithmetic here is
    /// Gregorian throughout, so earlier dates are left to Foundation both ways.
    static let firstGregorianYear = 1583

    /// How many bytes `write` writes for `date`.
    static func length(of date: Date) -> Int {
        fields(date) == nil ? RecordCoding.timestamp(date).utf8.count : 24
    }

    /// Year, month, day, second of the day and milliseconds of a date in years 1583–9999
    /// (nil otherwise), as Foundation's formatter reads them: from the interval since 2001,
    /// milliseconds truncated.
    private static func fields(_ date: Date) -> (Int, Int, Int, Int, Int)? {
        let since2001 = date.timeIntervalSinceReferenceDate
        guard since2001.isFinite, abs(since2001) < 1e11 else { return nil }
        let whole = since2001.rounded(.down)
        let seconds = Int(whole) + 978_307_200
        let millis = min(999, Int(((since2001 - whole) * 1000).rounded(.down)))
        let days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400)
        let (year, month, day) = civil(days)
        guard year >= firstGregorianYear, year <= 9999 else { return nil }
        return (year, month, day, seconds - days * 86400, millis)
    }

    /// The date of `2026-11-26T02:05:00.123Z` exactly as written by `append` (nil for any
    /// other form, which `RecordCoding.parseTimestamp` then reads), as Foundation's parser
    /// makes it: the interval since 2001 in whole seconds plus the milliseconds.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Date? {
        guard text.count == 24, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == UInt8(ascii: "T"),
              text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"), text[19] == UInt8(ascii: "."), text[23] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(text[index]) - 0x30
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), year >= firstGregorianYear, let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millis = number(20..<23),
              (1...12).contains(month), day >= 1, day <= FeedDateParser.daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = FeedDateParser.daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSinceReferenceDate: Double(seconds - 978_307_200) + Double(millis) / 1000)
    }

    /// Year, month and day of a day number since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
