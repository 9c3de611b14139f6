/// Spans as people write them: `30m`, `24h`, `7d`, `2w` (or plain seconds).
public enum Span {
    /// The span in seconds, or nil when it does not read.
    public static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        guard let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()), value >= 0 else {
            return Double(text)
        }
        return value * factor
    }

    /// `24h` → `24小时`, `7d` → `7天`, for headings.
    public static func chinese(_ text: String) -> String {
        let units: [Character: String] = ["s": "秒", "m": "分钟", "h": "小时", "d": "天", "w": "周"]
        guard let unit = text.last, let word = units[unit] else { return text + "秒" }
        return text.dropLast() + word
    }
}
