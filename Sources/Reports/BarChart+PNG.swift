extension BarChart {
    /// The chart as a PNG at `scale` times its size: bars, grid and the dashed line of the
    /// period before. A raster has no text: the renderings put the axis range and the
    /// first and last bar's labels in a caption beside it (`rangeCaption`).
    public func png(scale: Int = 2) -> [UInt8] {
        let s = Double(scale)
        let layout = layout
        var image = PNGImage(width: width * scale, height: height * scale)
        for value in Set([0, layout.maximum / 2, layout.maximum]) {
            let y = layout.y(value) * s
            image.line(from: (layout.left * s, y), to: ((layout.width - layout.right) * s, y), grey: 200)
        }
        let barWidth = max(1, layout.slot * 0.7)
        for (bar, value) in values.enumerated() where value > 0 {
            let x = (layout.x(bar) + (layout.slot - barWidth) / 2) * s
            let top = layout.y(value) * s
            image.fill(x: Int(x.rounded()), y: Int(top.rounded()), width: max(1, Int((barWidth * s).rounded())),
                height: Int((layout.baseline * s - top).rounded()), grey: 68)
        }
        if previous.count > 1 {
            for bar in 1..<previous.count {
                image.line(
                    from: ((layout.x(bar - 1) + layout.slot / 2) * s, layout.y(previous[bar - 1]) * s),
                    to: ((layout.x(bar) + layout.slot / 2) * s, layout.y(previous[bar]) * s), grey: 0, thickness: scale + 1, dash: (4 * scale, 3 * scale))
            }
        }
        image.line(from: (layout.left * s, layout.baseline * s), to: ((layout.width - layout.right) * s, layout.baseline * s), grey: 0, thickness: scale)
        image.line(from: (layout.left * s, layout.top * s), to: (layout.left * s, layout.baseline * s), grey: 0, thickness: scale)
        return image.encoded()
    }

    /// 纵轴 0–20；横轴 08时 至 07时 — what a PNG's caption says in place of axis labels.
    public var rangeCaption: String {
        let first = labels.first ?? "", last = labels.last ?? ""
        return "纵轴 0–\(layout.maximum)；横轴 \(first) 至 \(last)" + (previous.isEmpty ? "" : "；虚线为上期")
    }
}
