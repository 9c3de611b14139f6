import Foundation
import Queries

/// A page request's path and its query parameters, decoded as a form submits them
/// (`+` is a space, then percent-decoding), with typed readers that fail with a message
/// a user can act on.
struct WebRequest: Sendable {
    struct Invalid: Error {
        var message: String
    }

    let path: String
    let parameters: [(String, String)]
    /// The time the request is answered at; every query of the page uses it.
    let now: Date

    init(path: String, rawQuery: String, now: Date) {
        self.path = path
        self.now = now
        parameters = rawQuery.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String { text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
            guard let key = parts.first else { return nil }
            return (decode(key), parts.count > 1 ? decode(parts[1]).trimmingCharacters(in: .whitespaces) : "")
        }
    }

    /// The parameter's first non-empty value.
    subscript(_ name: String) -> String? {
        parameters.first { $0.0 == name && !$0.1.isEmpty }?.1
    }

    /// Every non-empty value of the parameter.
    func all(_ name: String) -> [String] {
        parameters.filter { $0.0 == name && !$0.1.isEmpty }.map(\.1)
    }

    /// A span such as 24h or 7d (`fallback` when absent), between 5 minutes and 92 days (a
    /// page reads everything in its span: a year of it would hold a screen for minutes).
    func span(_ name: String = "since", fallback: String) throws -> (text: String, seconds: Double) {
        let text = self[name] ?? fallback
        guard let seconds = Span.seconds(text), seconds >= 300, seconds <= 92 * 86400 else {
            throw Invalid(message: "\(name)：时间跨度应写作 30m、24h、7d 等（5 分钟到 92 天）")
        }
        return (text, seconds)
    }

    /// A whole number within `range` (`fallback` when absent).
    func integer(_ name: String, in range: ClosedRange<Int>, fallback: Int) throws -> Int {
        guard let text = self[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else { throw Invalid(message: "\(name)：应为 \(range.lowerBound)–\(range.upperBound) 的整数") }
        return value
    }
}
