/// How grave an item alert is (预警级别): 一般 / 较大 / 重大, graded from what the item is
/// and how far it has gone. Points:
/// - negative: 1, and 1 more when strongly negative (polarity ≤ −0.6) or about deaths;
/// - in the home region (the deployment's jurisdiction or inside it): 1;
/// - from a 央媒 or 省级 source: 1;
/// - carried by 3 or more sources: 1; by 5 or more: 2.
/// 4 points or more is 重大, 2–3 较大, fewer 一般.
public enum Severity: Int, Sendable, Codable, CaseIterable, Comparable {
    case general = 1, major, serious

    /// 一般 / 较大 / 重大.
    public var label: String {
        switch self {
        case .general: "一般"
        case .major: "较大"
        case .serious: "重大"
        }
    }

    /// From `general`/`major`/`serious` or 一般/较大/重大.
    public init?(name: String) {
        switch name {
        case "general", "一般": self = .general
        case "major", "较大": self = .major
        case "serious", "重大": self = .serious
        default: return nil
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The grade of an item from its judgement, whether it concerns the home region, its
    /// source's tier and the number of sources carrying its story.
    public static func grade(sentiment: Sentiment?, polarity: Double?, category: String?, inHome: Bool, tier: SourceTier?, sources: Int) -> Severity {
        var points = 0
        if sentiment == .negative {
            points += 1
            if (polarity ?? 0) <= -0.6 || category == "人员伤亡" { points += 1 }
        }
        if inHome { points += 1 }
        if tier == .central || tier == .provincial { points += 1 }
        if sources >= 5 {
            points += 2
        } else if sources >= 3 {
            points += 1
        }
        return points >= 4 ? .serious : points >= 2 ? .major : .general
    }
}
