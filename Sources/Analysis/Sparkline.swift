/// A Unicode sparkline, ▁▂▃▄▅▆▇█, scaled to the largest value (blank-ish ▁ for zero).
public enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ values: [Int]) -> String {
        let top = values.max() ?? 0
        guard top > 0 else { return String(repeating: levels[0], count: values.count) }
        return String(values.map { value in
            value == 0 ? levels[0] : levels[min(levels.count - 1, 1 + (value * (levels.count - 2)) / top)]
        })
    }
}
