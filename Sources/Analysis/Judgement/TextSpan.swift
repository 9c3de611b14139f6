/// A hit of some pattern in a normalised field: UTF-8 offsets `start..<end`.
protocol TextSpan {
    var start: Int { get }
    var end: Int { get }
}

extension Array where Element: TextSpan {
    /// The spans left to right, a span inside or overlapping an earlier longer one
    /// dropped: 森林火灾 wins over 火灾, 五大连池 over 大连, 广西 over 西安 in 广西安全.
    func leftmostLongest() -> [Element] {
        // Kept spans are compacted into the sorted copy: one allocation, not one per growth.
        var kept = sorted { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        var count = 0
        var reached = 0
        for index in kept.indices where kept[index].start >= reached {
            reached = kept[index].end
            kept[count] = kept[index]
            count += 1
        }
        kept.removeLast(kept.count - count)
        return kept
    }
}
