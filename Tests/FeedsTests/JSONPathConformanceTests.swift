import Feeds
import Foundation
import Testing
import YuqingTesting

/// JSONPath against an RFC 9535 implementation from PyPI (jsonpath-rfc9535, used only
/// here): random documents and random queries — valid and invalid — must be accepted or
/// refused alike and select the same values. A new seed every run (printed on failure).
struct JSONPathConformanceTests {
    struct Case: Encodable {
        struct Outcome: Encodable {
            var ok: Bool
            var values: [JSONValue]
        }

        var doc: JSONValue
        var query: String
        var swift: Outcome
    }

    struct Verdict: Decodable {
        var cases: Int
        var accepted: Int
        var count: Int
    }

    @Test func agreesWithTheOracleOnRandomQueries() async throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        var generator = JSONPathCaseGenerator(seed: seed)
        var cases: [Case] = []
        for _ in 0..<120 {
            let document = generator.document(depth: 4)
            for _ in 0..<25 {
                let query = generator.query()
                let outcome: Case.Outcome
                do {
                    outcome = Case.Outcome(ok: true, values: try JSONPath(query).select(document))
                } catch {
                    outcome = Case.Outcome(ok: false, values: [])
                }
                cases.append(Case(doc: document, query: query, swift: outcome))
            }
        }
        let scratch = try TemporaryDirectory("jsonpath")
        let encoder = JSONEncoder()
        let lines = try cases.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n")
        try lines.write(to: scratch.file("cases.jsonl"), atomically: true, encoding: .utf8)
        let oracle = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), [Harness.python, Harness.serversDirectory.appendingPathComponent("jsonpath_oracle.py").path],
            input: scratch.file("cases.jsonl"))
        let verdict = try JSONDecoder().decode(Verdict.self, from: oracle.stdout)
        #expect(verdict.cases == cases.count)
        #expect(verdict.accepted > cases.count / 3, "enough valid queries: \(verdict.accepted) of \(verdict.cases)")
        let selecting = cases.filter { $0.swift.ok && !$0.swift.values.isEmpty }.count
        #expect(selecting > cases.count / 15, "enough queries that select something: \(selecting)")
        #expect(verdict.count == 0, "seed \(seed): \(verdict.count) mismatches, e.g.\n\(String(decoding: oracle.stdout.prefix(3000), as: UTF8.self))")
    }
}
