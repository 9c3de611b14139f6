import Testing

@testable import Analysis

struct QueryParserTests {
    private func parse(_ query: String) throws -> String { try QueryParser.parse(query).description }

    private func error(_ query: String) -> QueryError? {
        do {
            _ = try QueryParser.parse(query)
            return nil
        } catch {
            return error
        }
    }

    @Test func precedenceNotOverAndOverOr() throws {
        #expect(try parse("a b | c") == "a AND b OR c")
        #expect(try parse("a (b | c)") == "a AND (b OR c)")
        #expect(try parse("a | b c") == "a OR b AND c")
        #expect(try parse("-a b") == "NOT a AND b")
        #expect(try parse("NOT (a | b) c") == "NOT (a OR b) AND c")
        #expect(try QueryParser.parse("a b | c") == .or([.and([.term(.init("a")), .term(.init("b"))]), .term(.init("c"))]))
    }

    @Test func shorthandsAndKeywords() throws {
        #expect(try parse("暴雨 & 洪水") == "暴雨 AND 洪水")
        #expect(try parse("暴雨 AND 洪水 OR 内涝 NOT 演练") == "暴雨 AND 洪水 OR 内涝 AND NOT 演练")
        #expect(try parse("暴雨｜洪水") == "暴雨 OR 洪水")
        // Lower-case words are terms, not operators; a hyphen inside a word is part of it.
        #expect(try parse("and or") == "and AND or")
        #expect(try parse("covid-19") == "covid-19")
    }

    @Test func phrasesFieldsAndWeights() throws {
        #expect(try QueryParser.parse("\"过期 食品\"") == .term(.init("过期 食品")))
        #expect(try QueryParser.parse("“过期食品”^2") == .term(.init("过期食品", weight: 2)))
        #expect(try QueryParser.parse("title:爆炸") == .term(.init("爆炸", field: .title)))
        #expect(try QueryParser.parse("标题：爆炸") == .term(.init("爆炸", field: .title)))
        #expect(try QueryParser.parse("source:(xinhua | 人民网) 暴雨^1.5") == .and([
            .or([.term(.init("xinhua", field: .source)), .term(.init("人民网", field: .source))]),
            .term(.init("暴雨", weight: 1.5)),
        ]))
        #expect(try parse("summary:\"AND\"") == "summary:\"AND\"")
    }

    @Test func fullWidthParentheses() throws {
        #expect(try parse("（暴雨｜洪水）转移") == "(暴雨 OR 洪水) AND 转移")
    }

    @Test func proximity() throws {
        #expect(try QueryParser.parse("(爆炸 | 火灾) NEAR/10 工厂") == .near(
            .or([.term(.init("爆炸")), .term(.init("火灾"))]), .term(.init("工厂")), distance: 10, ordered: false))
        #expect(try parse("a BEFORE/3 b c") == "a BEFORE/3 b AND c")
    }

    @Test func everyErrorNamesItsColumn() throws {
        #expect(error("") == QueryError("the query is empty", column: 1))
        #expect(error("  ") == QueryError("the query is empty", column: 1))
        #expect(error("暴雨 (洪水") == QueryError("'(' is never closed", column: 4))
        #expect(error("暴雨)") == QueryError("')' without a matching '('", column: 3))
        #expect(error("暴雨 ()") == QueryError("empty parentheses", column: 4))
        #expect(error("暴雨 AND") == QueryError("expected a term after AND, found the end of the query", column: 7))
        #expect(error("暴雨 OR | 洪水") == QueryError("expected a term after OR, found OR", column: 7))
        #expect(error("NOT") == QueryError("expected a term after NOT, found the end of the query", column: 4))
        #expect(error("| 洪水") == QueryError("expected a term, found OR", column: 1))
        #expect(error("\"过期食品") == QueryError("unterminated quote", column: 1))
        #expect(error("a \"\"") == QueryError("empty quoted phrase", column: 3))
        #expect(error("a NEAR b") == QueryError("NEAR needs a distance, for example NEAR/10", column: 3))
        #expect(error("a BEFORE/x b") == QueryError("BEFORE needs a distance, for example BEFORE/10", column: 3))
        #expect(error("a NEAR/5") == QueryError("expected a term after NEAR/5, found the end of the query", column: 9))
        #expect(error("(a b) NEAR/5 c") == QueryError(
            "NEAR/5 links two terms or groups of alternatives such as (a | b); use AND to combine it with more", column: 1))
        #expect(error("a NEAR/5 -c") == QueryError(
            "expected a term, found NOT", column: 10))
        #expect(error("place:北京 暴雨") == QueryError(
            "unknown field \"place\" (fields: title, summary, source; quote a term that contains a colon)", column: 1))
        #expect(error("暴雨 title:") == QueryError("title: needs a term or a group in parentheses after it", column: 10))
        #expect(try parse("title: 暴雨") == "title:暴雨")
        #expect(error("暴雨^x") == QueryError("a weight is written term^N with N between 0 and 100", column: 3))
        #expect(error("\"暴雨\"^0") == QueryError("a weight is written term^N with N between 0 and 100", column: 5))
        #expect(error("-演练") == QueryError("the query needs at least one term to look for (outside NOT and source:)", column: 1))
        #expect(error("source:xinhua") == QueryError("the query needs at least one term to look for (outside NOT and source:)", column: 1))
    }

    @Test func structuredGroupsCompileToTheSameTree() throws {
        let structured = Topic.structured(
            name: "t", region: ["北京", "上海"], subject: ["学校"], event: ["食物中毒", "腹泻"], exclude: ["演练"])
        let query = try Topic(name: "t", query: "(北京 | 上海) 学校 (食物中毒 | 腹泻) -演练")
        #expect(structured.rule == query.rule)
        let lists = Topic(name: "t", any: ["暴雨", "洪水^2"], all: ["转移"], none: ["演练"])
        #expect(lists.rule.description == "转移 AND (暴雨 OR 洪水^2) AND NOT 演练")
    }
}
