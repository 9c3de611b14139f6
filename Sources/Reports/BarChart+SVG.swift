import Alerting
import Foundation

extension BarChart {
    /// The chart as inline SVG (no script, no external reference), `role="img"` with the
    /// caption as its title.
    public func svg() -> String {
        let layout = layout
        var parts: [String] = []
        parts.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">")
        parts.append("<title>\(SafeText.html(caption))</title>")
        // Grid lines and the y axis labels at 0, half and the maximum.
        for value in Set([0, layout.maximum / 2, layout.maximum]).sorted() {
            let y = f(layout.y(value))
            parts.append("<line x1=\"\(f(layout.left))\" y1=\"\(y)\" x2=\"\(f(layout.width - layout.right))\" y2=\"\(y)\" stroke=\"#bbb\" stroke-width=\"0.5\"/>")
            parts.append("<text x=\"\(f(layout.left - 4))\" y=\"\(f(layout.y(value) + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#000\">\(value)</text>")
        }
        let barWidth = max(1, layout.slot * 0.7)
        for (bar, value) in values.enumerated() where value > 0 {
            let y = layout.y(value)
            parts.append(
                "<rect x=\"\(f(layout.x(bar) + (layout.slot - barWidth) / 2))\" y=\"\(f(y))\" width=\"\(f(barWidth))\" height=\"\(f(layout.baseline - y))\" fill=\"#444\"><title>\(SafeText.html(labels[safe: bar] ?? "")) \(value)</title></rect>")
        }
        if !previous.isEmpty {
            let points = previous.enumerated().map { "\(f(layout.x($0.offset) + layout.slot / 2)),\(f(layout.y($0.element)))" }.joined(separator: " ")
            parts.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>")
        }
        parts.append("<line x1=\"\(f(layout.left))\" y1=\"\(f(layout.baseline))\" x2=\"\(f(layout.width - layout.right))\" y2=\"\(f(layout.baseline))\" stroke=\"#000\"/>")
        for bar in labelledBars {
            parts.append(
                "<text x=\"\(f(layout.x(bar) + layout.slot / 2))\" y=\"\(f(layout.baseline + 14))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#000\">\(SafeText.html(labels[safe: bar] ?? ""))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
