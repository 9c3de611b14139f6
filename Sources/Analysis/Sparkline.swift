/// A Unicode sparkline, ▁▂▃▄▅▆▇█, scaled to the largest value (blank-ish ▁ for zero).
public enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ values: [Int]) -> String {
        render(values, top: values.max() ?? 0)
    }

    /// The same scaled to `top` (so that two lines drawn with one `top` compare); values
    /// above it draw as █.
    public static func render(_ values: [Int], top: Int) -> String {
        guard top > 0 else { return String(repeating: levels[0], count: values.count) }
        return String(values.map { value in
            value == 0 ? levels[0] : levels[min(levels.count - 1, 1 + (value * (levels.count - 2)) / top)]
        })
    }
}
