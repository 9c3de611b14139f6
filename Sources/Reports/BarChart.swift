/// A bar chart of counts per bar with, optionally, the period before as a dashed line:
/// the one chart kind reports and the web view draw. Drawn in black and grey only, so it
/// reads when printed in black and white; SVG for pages (`svg()`), PNG for Word files and
/// mail (`png()`).
public struct BarChart: Sendable {
    public var values: [Int]
    /// The same bars one period earlier (环比), drawn as a dashed line; empty for none.
    public var previous: [Int]
    /// One label per bar; only some are drawn when bars are many.
    public var labels: [String]
    /// What the chart shows, for screen readers and as the image's description.
    public var caption: String
    public var width = 640
    public var height = 180

    public init(values: [Int], previous: [Int] = [], labels: [String], caption: String) {
        self.values = values
        self.previous = previous
        self.labels = labels
        self.caption = caption
    }

    /// The plot area inside the margins left for the axis labels.
    struct Layout {
        let left = 36.0, right = 8.0, top = 10.0, bottom = 24.0
        let width: Double, height: Double
        let maximum: Int
        let count: Int

        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
        var slot: Double { plotWidth / Double(max(count, 1)) }
        func x(_ bar: Int) -> Double { left + Double(bar) * slot }
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / Double(maximum)) }
        var baseline: Double { top + plotHeight }
    }

    var layout: Layout {
        let top = max(values.max() ?? 0, previous.max() ?? 0)
        return Layout(width: Double(width), height: Double(height), maximum: Self.niceCeiling(top), count: values.count)
    }

    /// The axis maximum: at least 1, rounded up to 1, 2 or 5 times a power of ten.
    static func niceCeiling(_ value: Int) -> Int {
        guard value > 1 else { return 1 }
        var magnitude = 1
        while magnitude * 10 <= value { magnitude *= 10 }
        for step in [1, 2, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    /// Indexes of the bars whose label is drawn: about eight, evenly spaced.
    var labelledBars: [Int] {
        let step = max(1, Int((Double(values.count) / 8).rounded(.up)))
        return Array(stride(from: 0, to: values.count, by: step))
    }
}
