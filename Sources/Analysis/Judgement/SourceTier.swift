import Foundation

/// How authoritative a source is (媒体级别): set per source as `tier:`, with defaults only
/// where the host settles it (government sites, central media, self-media platforms).
public enum SourceTier: String, Sendable, Codable, CaseIterable {
    case central, provincial, municipal, industry, government, selfMedia = "self_media"

    /// 央媒 / 省级 / 市级 / 行业 / 政务 / 自媒体.
    public var label: String {
        switch self {
        case .central: "央媒"
        case .provincial: "省级"
        case .municipal: "市级"
        case .industry: "行业"
        case .government: "政务"
        case .selfMedia: "自媒体"
        }
    }

    /// From the English name or the Chinese label (also 中央媒体, 省级媒体, 市级媒体, 行业媒体).
    public init?(name: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let tier = SourceTier(rawValue: trimmed.lowercased().replacingOccurrences(of: "-", with: "_")) {
            self = tier
            return
        }
        let aliases: [String: SourceTier] = ["中央媒体": .central, "省级媒体": .provincial, "市级媒体": .municipal, "行业媒体": .industry, "政府": .government]
        guard let tier = SourceTier.allCases.first(where: { $0.label == trimmed }) ?? aliases[trimmed] else { return nil }
        self = tier
    }

    /// The tier a source's URL settles on its own, or nil: `.gov.cn` hosts are 政务, the
    /// central media's own domains 央媒, the big self-media platforms 自媒体.
    public static func inferred(fromURL url: String) -> SourceTier? {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return nil }
        func under(_ domain: String) -> Bool { host == domain || host.hasSuffix("." + domain) }
        if under("gov.cn") { return .government }
        if centralMediaHosts.contains(where: under) { return .central }
        if selfMediaHosts.contains(where: under) { return .selfMedia }
        return nil
    }

    static let centralMediaHosts = [
        "people.com.cn", "xinhuanet.com", "news.cn", "cctv.com", "cctv.cn", "cntv.cn", "chinadaily.com.cn", "gmw.cn", "ce.cn",
        "chinanews.com.cn", "chinanews.com", "cnr.cn", "china.com.cn", "youth.cn", "cyol.com", "qstheory.cn", "cri.cn", "ecns.cn",
        "workercn.cn", "legaldaily.com.cn", "jcrb.com", "chinacourt.org", "farmer.com.cn", "stdaily.com", "jyb.cn", "81.cn",
        "cankaoxiaoxi.com", "huanqiu.com", "thepaper.cn",
    ]
    static let selfMediaHosts = [
        "weibo.com", "weibo.cn", "mp.weixin.qq.com", "toutiao.com", "douyin.com", "bilibili.com", "zhihu.com", "xiaohongshu.com",
        "kuaishou.com", "baijiahao.baidu.com", "tieba.baidu.com", "douban.com", "ixigua.com",
    ]
}
