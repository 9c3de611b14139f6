import Alerting
import Analysis
import Foundation
import Storage

/// The configured alert rules, by kind, with their message templates. Built once from the
/// configuration (see `Daemon`'s `AlertRules(config:channels:)`); the engine evaluates them.
public struct AlertRules: Sendable {
    public var items: [ItemAlertRule] = []
    public var spreads: [SpreadAlertRule] = []
    public var sources: [SourceAlertRule] = []
    public var trends: [TrendAlertRule] = []
    public var hots: [HotAlertRule] = []
    public var reports: [ReportRule] = []
    /// Rules' own message templates, by rule name.
    public var templates: [String: MessageTemplate] = [:]

    public init(
        items: [ItemAlertRule] = [], spreads: [SpreadAlertRule] = [], sources: [SourceAlertRule] = [],
        trends: [TrendAlertRule] = [], hots: [HotAlertRule] = [], reports: [ReportRule] = [], templates: [String: MessageTemplate] = [:]
    ) {
        self.items = items
        self.spreads = spreads
        self.sources = sources
        self.trends = trends
        self.hots = hots
        self.reports = reports
        self.templates = templates
    }

    /// `notifications` in their rules' own wording, where a rule has a template.
    public func worded(_ notifications: [Alerting.Notification]) -> [Alerting.Notification] {
        guard !templates.isEmpty else { return notifications }
        return notifications.map { templates[$0.rule]?.apply(to: $0) ?? $0 }
    }

    /// The longest span any spread rule looks back.
    public var spreadHorizon: TimeInterval { spreads.map(\.within).max() ?? 0 }
}

/// A typed alert rule as the configuration made it. Each kind conforms in its own file,
/// naming the list of `AlertRules` the engine evaluates for that kind.
public protocol ConfiguredAlertRule: Sendable {
    var name: String { get }
    var channels: [String] { get set }
    /// Where the engine keeps the rules of this kind.
    static var list: WritableKeyPath<AlertRules, [Self]> { get }
}

extension ConfiguredAlertRule {
    /// Adds the rule to `rules`, sending only to `channels` (the configured ones that can send).
    public func install(into rules: inout AlertRules, sendingTo channels: [String]) {
        var rule = self
        rule.channels = channels
        rules[keyPath: Self.list].append(rule)
    }
}

extension ItemAlertRule: ConfiguredAlertRule {
    public static var list: WritableKeyPath<AlertRules, [ItemAlertRule]> { \.items }
}

extension SpreadAlertRule: ConfiguredAlertRule {
    public static var list: WritableKeyPath<AlertRules, [SpreadAlertRule]> { \.spreads }
}

extension SourceAlertRule: ConfiguredAlertRule {
    public static var list: WritableKeyPath<AlertRules, [SourceAlertRule]> { \.sources }
}

extension TrendAlertRule: ConfiguredAlertRule {
    public static var list: WritableKeyPath<AlertRules, [TrendAlertRule]> { \.trends }
}

extension HotAlertRule: ConfiguredAlertRule {
    public static var list: WritableKeyPath<AlertRules, [HotAlertRule]> { \.hots }
}
