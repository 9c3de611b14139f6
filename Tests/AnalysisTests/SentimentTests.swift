import Analysis
import Testing

/// Sentiment from the lexicon cues of a title and summary, on the traps news text sets.
struct SentimentTests {
    static let scorer = TopicScorer(topics: [])

    static func judge(_ title: String, _ summary: String = "") -> SentimentJudgement {
        scorer.judge(scorer.match(title: title, summary: summary)).sentiment
    }

    @Test(arguments: [
        ("温州一鞋厂发生火灾 3名工人死亡", Sentiment.negative),
        ("某地发生火灾 未造成人员伤亡", .negative),
        ("男子冒充军人网恋诈骗多名女性", .negative),
        ("真是“高效”！刚铺好的路面一周后又被挖开", .negative),
        ("杭州地铁3号线北段今日开通运营", .positive),
        ("退休教师捐资百万设立助学金", .positive),
        ("警方破获特大电信诈骗案 抓获嫌疑人127名", .positive),
        ("国务院常务会议研究部署稳就业相关工作", .neutral),
        ("春运火车票明日开售", .neutral),
    ])
    func headlines(title: String, expected: Sentiment) {
        #expect(Self.judge(title).sentiment == expected, "\(title): \(Self.judge(title).evidence)")
    }

    @Test func negationCancelsOnlyTheCueItGoverns() {
        let fire = Self.judge("北京一写字楼火灾 未造成人员伤亡")
        #expect(fire.sentiment == .negative)
        let casualties = fire.evidence.first { $0.term == "伤亡" }
        #expect(casualties?.value == 0, "伤亡 is cancelled by 未造成: \(fire.evidence)")
        #expect(casualties?.note == "否定「未造成」")
        #expect(fire.evidence.contains { $0.term == "火灾" && $0.value < 0 })
        // A one-character negation is adjacent only: 无证 does not cancel 违规 two characters on.
        #expect(Self.judge("无证机构违规注射致顾客毁容").sentiment == .negative)
    }

    @Test func rumourDenialsAreNeutral() {
        let denied = Self.judge("网传“某学校发生集体食物中毒”？官方：系谣言", "经核实学生身体状况良好，网传信息不实。")
        #expect(denied.sentiment == .neutral, "\(denied.evidence)")
        let handout = Self.judge("据传某地将发放每人1000元补贴？记者求证：不实")
        #expect(handout.sentiment == .neutral, "a denied handout is no good news: \(handout.evidence)")
    }

    @Test func aRescoreInTheTitleOutweighsTheDisasterButNotDeaths() {
        #expect(Self.judge("暴雨过后 消防员连夜安全转移被困群众200余人 无一伤亡").sentiment == .positive)
        #expect(Self.judge("地震造成23人死亡 救援力量持续增援").sentiment == .negative)
        // A rescue only in the summary leaves the title's event standing.
        #expect(Self.judge("富阳一村民自建房倒塌 一家三口被困", "消防救援人员将三人救出。").sentiment == .negative)
    }

    @Test func warningsAndDrillsAreNotEvents() {
        #expect(Self.judge("化工园区开展应急演练 模拟危化品泄漏处置").sentiment == .neutral)
        #expect(Self.judge("中央气象台发布暴雪橙色预警").sentiment == .neutral)
    }

    @Test func aQuestionCountsHalf() {
        let asked = Self.judge("鸡蛋价格连续三周上涨 还会继续涨吗？")
        #expect(asked.sentiment == .neutral)
        #expect(asked.evidence.contains { $0.note == "疑问句" })
    }

    @Test func traditionalAndFullWidthTextIsJudgedTheSame() {
        #expect(Self.judge("香港大埔一住宅大廈起火 三人死亡").sentiment == .negative)
        #expect(Self.judge("ＡＩ换脸诈骗频发").sentiment == .negative)
    }

    @Test func aDeploymentOverridesTerms() {
        var lexicon = SentimentLexicon.standard
        lexicon.set("邻避", kind: .negative("本地风险"), weight: 3)
        lexicon.remove("开通")
        let scorer = TopicScorer(topics: [], judgement: JudgementSettings(lexicon: lexicon))
        let local = scorer.judge(scorer.match(title: "垃圾焚烧厂选址引发邻避", summary: "")).sentiment
        #expect(local.sentiment == .negative)
        #expect(local.category == "本地风险")
        #expect(scorer.judge(scorer.match(title: "地铁新线开通", summary: "")).sentiment.sentiment == .neutral)
    }

    @Test func judgementSharesTheTopicAutomaton() {
        let scorer = TopicScorer(topics: [Topic(name: "火情", any: ["火灾"])])
        let text = scorer.match(title: "一厂房发生火灾", summary: "")
        #expect(scorer.score(text).first?.topic == "火情")
        #expect(scorer.judge(text).sentiment.sentiment == .negative)
        let bare = TopicScorer(topics: [Topic(name: "火情", any: ["火灾"])], judgement: nil)
        #expect(bare.termCount == 1)
        #expect(scorer.termCount > 5000, "lexicon and place names are patterns of the same automaton")
    }
}
