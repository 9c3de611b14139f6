import Foundation
import Testing

@testable import Analysis

struct StoryTests {
    static let original = (
        title: "国家防总启动防汛四级应急响应 部署南方强降雨防范工作",
        summary: "国家防汛抗旱总指挥部今天启动防汛四级应急响应，派出工作组赴江西、湖南指导强降雨防范应对工作。"
    )

    @Test func repostsAreNearDuplicates() {
        let base = SimHash.fingerprint(title: Self.original.title, summary: Self.original.summary)
        let reposts = [
            ("【快讯】" + Self.original.title, Self.original.summary + "（记者 王某）"),
            ("[视频]" + Self.original.title, Self.original.summary + " 转载自新华网"),
            (Self.original.title, Self.original.summary + "来源：人民网"),
            (Self.original.title.replacingOccurrences(of: " ", with: "，"), Self.original.summary),
        ]
        for (title, summary) in reposts {
            let distance = SimHash.distance(base, SimHash.fingerprint(title: title, summary: summary))
            #expect(distance <= StoryIndex.maxDistance, "\(title): \(distance) bits")
        }
        let other = SimHash.fingerprint(title: "市场监管局开展食品安全专项检查", summary: "检查覆盖全市大型超市和农贸市场。")
        #expect(SimHash.distance(base, other) > 10)
    }

    @Test func mediaTagsAreNotPartOfTheStory() {
        let plain = SimHash.storyText(title: "萧山区新建三所学校今秋开学", summary: "")
        for variant in ["萧山区新建三所学校今秋开学（图）", "萧山区新建三所学校今秋开学(组图)", "萧山区新建三所学校今秋开学（视频）（图）", "【杭州日报】萧山区新建三所学校今秋开学（图）"] {
            #expect(SimHash.storyText(title: variant, summary: "") == plain, "\(variant)")
        }
        // A number in brackets is not a media tag: it can be what tells two events apart.
        #expect(SimHash.storyText(title: "地铁运营时间调整通知（3）", summary: "") != SimHash.storyText(title: "地铁运营时间调整通知（4）", summary: ""))
        #expect(SimHash.storyText(title: "图说（图）", summary: "") == SimHash.storyText(title: "图说", summary: ""))
    }

    @Test func editedHeadlinesJoinByTheirLede() {
        var index = StoryIndex()
        let now = Date()
        let original = StoryFingerprints(title: Self.original.title, summary: Self.original.summary)
        #expect(index.assign(original, newStory: "s1", time: now) == "s1")
        // A word added to and another replaced in the headline, the lede kept: the same story.
        let edited = StoryFingerprints(title: "突发：国家防总启动防汛四级响应 部署南方暴雨防范工作", summary: Self.original.summary)
        #expect(SimHash.distance(edited.combined, original.combined) > StoryIndex.maxDistance, "the whole text alone would not join it")
        #expect(index.assign(edited, newStory: "s2", time: now) == "s1")
        // Every item of a site with one boilerplate summary: titles differ, stories differ.
        let boilerplate = "本网站所刊登的各种新闻、信息和各种专题专栏资料，均为本网版权所有，未经协议授权，禁止下载使用。"
        #expect(index.assign(StoryFingerprints(title: "市政府召开常务会议研究部署安全生产工作", summary: boilerplate), newStory: "b1", time: now) == "b1")
        #expect(index.assign(StoryFingerprints(title: "全市中小学秋季开学工作平稳有序", summary: boilerplate), newStory: "b2", time: now) == "b2")
        // Nor through the whole text of an item with a short title: a lede stands for a summary only.
        #expect(index.assign(StoryFingerprints(title: "通知", summary: boilerplate), newStory: "b3", time: now) == "b3")
        // Notices that differ only in a number are other events.
        let third = StoryFingerprints(title: "第3号通报：某市防汛工作会议部署第12项重点任务", summary: "会议要求各部门做好第3项工作，确保落实到位。编号88")
        let fourth = StoryFingerprints(title: "第4号通报：某市防汛工作会议部署第12项重点任务", summary: "会议要求各部门做好第4项工作，确保落实到位。编号88")
        #expect(index.assign(third, newStory: "n3", time: now) == "n3")
        #expect(index.assign(fourth, newStory: "n4", time: now) == "n4")
        #expect(index.assign(StoryFingerprints(title: "【转载】第3号通报：某市防汛工作会议部署第12项重点任务", summary: "会议要求各部门做好第3项工作，确保落实到位。编号88"), newStory: "n5", time: now) == "n3")
    }

    @Test func titleSignaturesKeepLightEditsAndTellPlacesApart() {
        func signature(_ title: String) -> UInt64 { TitleSignature.of(SimHash.storyText(title: title, summary: "")) }
        let original = signature("市交通运输局部署春运期间道路安全保障工作")
        // A word replaced, dropped or added: the same headline.
        #expect(TitleSignature.alike(original, signature("市交通运输局部署春运期间公路安全保障工作")))
        #expect(TitleSignature.alike(original, signature("市交通运输局部署春运道路安全保障工作")))
        #expect(TitleSignature.alike(original, signature("快讯：市交通运输局全面部署春运期间道路安全保障工作")))
        // Headlines of one topic about other things, and templated events in other places.
        #expect(!TitleSignature.alike(original, signature("市交通运输局召开春运工作总结会议")))
        #expect(!TitleSignature.alike(signature("西湖区文一路发生火情 3人受伤"), signature("上城区解放路发生火情 3人受伤")))
        #expect(TitleSignature.of("") == 0 && !TitleSignature.alike(0, 0))
        // Through the index: a replaced word in the headline, the summary kept.
        var index = StoryIndex()
        let summary = "记者从市交通运输局获悉，今年春运将于1月14日开始，各地要加强道路巡查，严查超员超载等违法行为。"
        #expect(index.assign(StoryFingerprints(title: "市交通运输局部署春运期间道路安全保障工作", summary: summary), newStory: "s1", time: Date()) == "s1")
        #expect(index.assign(StoryFingerprints(title: "市交通运输局部署春运期间公路安全保障工作", summary: summary), newStory: "s2", time: Date()) == "s1")
    }

    @Test func indexAssignsStoriesWithoutLinearScan() {
        var index = StoryIndex()
        let now = Date()
        let first = SimHash.fingerprint(title: Self.original.title, summary: Self.original.summary)
        #expect(index.assign(first, newStory: "s1", time: now) == "s1")
        let repost = SimHash.fingerprint(title: "【独家】" + Self.original.title, summary: Self.original.summary)
        #expect(index.assign(repost, newStory: "s2", time: now) == "s1")
        let unrelated = SimHash.fingerprint(title: "央行发布季度货币政策执行报告", summary: "报告回顾了本季度的货币政策。")
        #expect(index.assign(unrelated, newStory: "s3", time: now) == "s3")
        // Three flipped bits are found; four are not.
        #expect(index.story(near: first ^ 0b1011) == "s1")
        #expect(index.story(near: first ^ 0x0001_0001_0001_0001) == nil)
        #expect(index.count == 3)
    }

    @Test func compactionForgetsOldFingerprints() {
        var index = StoryIndex(horizon: 3600)
        let now = Date()
        index.insert(1, story: "old", time: now.addingTimeInterval(-7200))
        index.insert(0xFFFF_0000_0000_0000, story: "new", time: now)
        index.compact(now: now)
        #expect(index.count == 1)
        #expect(index.story(near: 1) == nil)
        #expect(index.story(near: 0xFFFF_0000_0000_0000) == "new")
    }
}
