import Foundation
import Testing

@testable import Feeds

/// Items of a path of names ending in `[*]` are read without building the document: the
/// streamed selection must equal the tree's, on random documents written with random
/// white space and escapes, and large bodies stay within the memory budget.
struct JSONItemStreamTests {
    /// A JSON text for `value`, with white space and `\u` escapes chosen by `generator`.
    static func render(_ value: JSONValue, _ generator: inout JSONPathCaseGenerator) -> String {
        let space = { (generator: inout JSONPathCaseGenerator) in generator.pick(["", " ", "\n  ", "\t"]) }
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return quote(text, &generator)
        case .array(let elements):
            return "[" + space(&generator) + elements.map { render($0, &generator) }.joined(separator: "," + space(&generator)) + space(&generator) + "]"
        case .object(let members):
            let parts = members.map { key, member in quote(key, &generator) + space(&generator) + ":" + space(&generator) + render(member, &generator) }
            return "{" + space(&generator) + parts.joined(separator: "," + space(&generator)) + space(&generator) + "}"
        }
    }

    static func quote(_ text: String, _ generator: inout JSONPathCaseGenerator) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value > 0x7F && generator.next(2) == 0 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A path of names that exists in `document` (or breaks off), ending in `[*]`.
    static func path(into document: JSONValue, _ generator: inout JSONPathCaseGenerator) -> String {
        var path = "$"
        var node = document
        while case .object(let members) = node, !members.isEmpty, generator.next(4) != 0 {
            // Mostly towards arrays and objects, so that most paths select something.
            let containers = members.keys.sorted().filter { key in
                switch members[key] {
                case .array?, .object?: true
                default: false
                }
            }
            let keys = containers.isEmpty || generator.next(4) == 0 ? members.keys.sorted() : containers
            let key = generator.next(8) == 0 ? "missing" : keys[generator.next(keys.count)]
            path += "['" + key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "']"
            node = members[key] ?? .null
        }
        return path + "[*]"
    }

    /// The same values, in any order (object members have none, so neither do their
    /// descriptions).
    static func sameMultiset(_ first: [JSONValue], _ second: [JSONValue]) -> Bool {
        guard first.count == second.count else { return false }
        var remaining = second
        for value in first {
            guard let index = remaining.firstIndex(of: value) else { return false }
            remaining.remove(at: index)
        }
        return true
    }

    @Test func streamedItemsEqualTheTreesOnRandomDocuments() throws {
        var generator = JSONPathCaseGenerator(seed: UInt64(Date().timeIntervalSince1970))
        var streamed = 0
        for _ in 0..<800 {
            let document = JSONValue.object(["data": generator.document(depth: 4), "list": generator.document(depth: 3)])
            let text = Array(Self.render(document, &generator).utf8)
            let path = try JSONPath(Self.path(into: document, &generator))
            #expect(JSONItemStream.names(of: path) != nil)
            // The tree of the same text (2.0 reads back as it reads back, whatever the generator held).
            let expected = path.select(try JSONValue.parse(text))
            do {
                let items = try FeedParser.items(text, path: path)
                #expect(Self.sameMultiset(items, expected), "\(path) on \(String(decoding: text, as: UTF8.self))")
                streamed += 1
            } catch {
                #expect(expected.isEmpty, "\(path) failed (\(error)) but selects \(expected.count)")
            }
        }
        #expect(streamed > 200, "\(streamed) of 800 paths selected something")
    }

    @Test func onlyNamesEndingInAWildcardStream() throws {
        for text in ["$.data.items[*]", "$[*]", "$['列表'][*]"] { #expect(JSONItemStream.names(of: try JSONPath(text)) != nil, "\(text)") }
        for text in ["$..items[*]", "$.data.items[0]", "$.data.items[?@.hot > 1]", "$.data.items", "$.a[*].b"] {
            #expect(JSONItemStream.names(of: try JSONPath(text)) == nil, "\(text)")
        }
    }

    @Test func largeBodiesStreamOrSayWhy() throws {
        let item = #"{"title":"热搜第NNN条","hot":1234567,"extra":{"tags":["a","b"],"text":"\#(String(repeating: "很长的说明", count: 40))"}}"#
        let items = (0..<8000).map { item.replacingOccurrences(of: "NNN", with: String($0)) }
        let body = Array((#"{"data":{"items":["# + items.joined(separator: ",") + "]}}").utf8)
        #expect(body.count > JSONItemStream.treeLimit)
        let selected = try FeedParser.items(body, path: try JSONPath("$.data.items[*]"))
        #expect(selected.count == 8000)
        #expect(throws: FeedError.self) { try FeedParser.items(body, path: try JSONPath("$..items[?@.hot > 1]")) }
        do {
            _ = try FeedParser.items(body, path: try JSONPath("$..items[*]"))
        } catch {
            #expect("\(error)".contains("needs the whole document in memory"), "\(error)")
        }
        do {
            _ = try FeedParser.items(body, path: try JSONPath("$.data.list[*]"))
        } catch {
            #expect("\(error)".contains("$['data'] has no member 'list'"), "\(error)")
        }
        let broken = Array(body.dropLast(3))
        do {
            _ = try FeedParser.items(broken, path: try JSONPath("$.data.items[*]"))
            Issue.record("a truncated body must not parse")
        } catch {
            #expect("\(error)".contains("not JSON"), "\(error)")
        }
    }
}
