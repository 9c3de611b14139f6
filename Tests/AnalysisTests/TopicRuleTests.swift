import Testing

@testable import Analysis

struct TopicRuleTests {
    private func scorer(_ query: String, weight: Double = 1) throws -> TopicScorer {
        // Rules only: without the lexicon and gazetteer, which these tests do not need.
        TopicScorer(topics: [try Topic(name: "t", query: query, weight: weight)], judgement: nil)
    }

    private func holds(_ query: String, title: String, summary: String = "", source: String = "") throws -> Bool {
        try !scorer(query).score(title: title, summary: summary, source: source).isEmpty
    }

    @Test func booleanEvaluation() throws {
        #expect(try holds("(暴雨 | 洪水) 转移 -演练", title: "暴雨致万人转移"))
        #expect(try !holds("(暴雨 | 洪水) 转移 -演练", title: "暴雨转移演练"))
        #expect(try !holds("(暴雨 | 洪水) 转移 -演练", title: "洪水来袭"))
    }

    @Test func fieldScopes() throws {
        #expect(try holds("title:爆炸", title: "化工厂爆炸"))
        #expect(try !holds("title:爆炸", title: "化工厂事故", summary: "爆炸造成"))
        #expect(try holds("summary:爆炸", title: "事故", summary: "爆炸造成"))
        #expect(try holds("暴雨 source:xinhua", title: "暴雨", source: "xinhua 新华网"))
        #expect(try !holds("暴雨 source:xinhua", title: "暴雨", source: "people 人民网"))
        #expect(try holds("暴雨 来源:人民网", title: "暴雨", source: "people 人民网"))
    }

    @Test func sourceFiltersAddNothingToTheScore() throws {
        let withFilter = try scorer("暴雨 source:xinhua").score(title: "暴雨", summary: "", source: "xinhua")
        let without = try scorer("暴雨").score(title: "暴雨", summary: "", source: "xinhua")
        #expect(withFilter.first?.score == without.first?.score)
        #expect(withFilter.first?.terms == ["暴雨"])
    }

    @Test func proximityInCharactersForChinese() throws {
        // "工厂" and "爆炸" with exactly 4 characters between them.
        let text = "工厂昨日发生爆炸"
        #expect(try holds("爆炸 NEAR/4 工厂", title: text))
        #expect(try !holds("爆炸 NEAR/3 工厂", title: text))
        #expect(try holds("工厂 BEFORE/4 爆炸", title: text))
        #expect(try !holds("爆炸 BEFORE/10 工厂", title: text))
        // Adjacent terms: distance 0; spaces do not count.
        #expect(try holds("暴雨 NEAR/0 洪水", title: "暴雨 洪水"))
        // Occurrences in different fields are never near each other.
        #expect(try !holds("爆炸 NEAR/50 工厂", title: "工厂", summary: "爆炸"))
        // Alternatives on either side.
        #expect(try holds("(爆炸 | 火灾) NEAR/1 (工厂 | 仓库)", title: "仓库火灾"))
    }

    @Test func proximityInWordsForLatin() throws {
        let text = "The factory near the river had an explosion"
        // Five words between them.
        #expect(try holds("factory NEAR/5 explosion", title: text))
        #expect(try !holds("factory NEAR/4 explosion", title: text))
        #expect(try holds("factory BEFORE/6 explosion", title: text))
        #expect(try !holds("explosion BEFORE/6 factory", title: text))
    }

    @Test func proximityAddsToTheScore() throws {
        let scorer = try scorer("爆炸 工厂 | 爆炸 NEAR/2 工厂")
        let near = scorer.score(title: "工厂爆炸", summary: "").first?.score ?? 0
        let far = scorer.score(title: "工厂今天上午十点左右发生了爆炸", summary: "").first?.score ?? 0
        #expect(near > far)
    }

    @Test func termWeights() throws {
        let light = try scorer("暴雨").score(title: "", summary: "暴雨").first?.score ?? 0
        let heavy = try scorer("暴雨^3").score(title: "", summary: "暴雨").first?.score ?? 0
        #expect(heavy > light)
        #expect(light == 39)
    }

    @Test func traditionalCharactersFoldToSimplified() throws {
        #expect(try holds("食品安全", title: "食品安全"))
        #expect(try holds("食品安全", title: "食品安全問題"))
        #expect(try holds("过期食品", title: "過期食品"))
        #expect(try holds("過期食品", title: "过期食品"))
        #expect(try holds("台风 NEAR/2 登陆", title: "颱風登陸"))
        let strict = TopicScorer(topics: [try Topic(name: "t", query: "过期食品")], foldTraditional: false, judgement: nil)
        #expect(strict.score(title: "過期食品", summary: "").isEmpty)
        #expect(TraditionalChinese.mappingCount > 4000)
        #expect(TraditionalChinese.simplify("臺灣颱風") == "台湾台风")
    }

    @Test func fullWidthLatinAndMixedTerms() throws {
        #expect(try holds("5G基站", title: "５Ｇ基站建设"))
        #expect(try holds("AI", title: "ＡＩ芯片"))
        #expect(try !holds("ai", title: "said"))
        #expect(try holds("\"ai chips\"", title: "New AI  chips"))
    }

    @Test func explainShowsBranchesAndArithmetic() throws {
        let scorer = try scorer("(暴雨 | 洪水) NEAR/3 转移 -演练")
        let explanation = scorer.explain(title: "暴雨致万人转移", summary: "洪水")
        let topic = try #require(explanation.topics.first)
        #expect(topic.held)
        #expect(topic.trace.label == "AND")
        #expect(topic.trace.children.map(\.held) == [true, true])
        #expect(topic.trace.children[1].children.first?.held == false)
        #expect(topic.breakdown.contributions.map(\.term) == ["暴雨", "洪水", "转移"])
        #expect(topic.breakdown.proximityBonus == 1)
        #expect(explanation.text.hits(.title).count == 2)
        #expect(explanation.text.text(.title) == "暴雨致万人转移")
    }
}
