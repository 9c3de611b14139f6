import Feeds
import Foundation
import Testing

/// RFC 9535's own examples, the cases its reference implementation gets wrong, and errors
/// with their columns.
struct JSONPathTests {
    static let store = try! JSONValue.parse(Array("""
        { "store": {
            "book": [
              { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
              { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
              { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99 },
              { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99 }
            ],
            "bicycle": { "color": "red", "price": 399 }
          } }
        """.utf8))

    func texts(_ query: String, _ document: JSONValue = Self.store) throws -> [String] {
        try JSONPath(query).select(document).compactMap(\.text)
    }

    @Test func rfcExamples() throws {
        #expect(try texts("$.store.book[*].author") == ["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"])
        #expect(try texts("$..author").count == 4)
        #expect(try texts("$.store..price").sorted() == ["12.99", "22.99", "399", "8.95", "8.99"])
        #expect(try texts("$..book[2].title") == ["Moby Dick"])
        #expect(try texts("$..book[-1].title") == ["The Lord of the Rings"])
        #expect(try texts("$..book[0,1].title") == ["Sayings of the Century", "Sword of Honour"])
        #expect(try texts("$..book[:2].title") == ["Sayings of the Century", "Sword of Honour"])
        #expect(try texts("$..book[::-2].title") == ["The Lord of the Rings", "Sword of Honour"])
        #expect(try texts("$..book[?@.isbn].title") == ["Moby Dick", "The Lord of the Rings"])
        #expect(try texts("$..book[?@.price<10].title") == ["Sayings of the Century", "Moby Dick"])
        #expect(try texts("$..book[?@.price < $.store.bicycle.price && @.category == 'fiction'].author").count == 3)
        #expect(try texts("$..book[?match(@.author, 'J.*')].title") == ["The Lord of the Rings"])
        #expect(try texts("$..book[?search(@.title, 'of')].title").count == 3)
        #expect(try texts("$..book[?length(@.title) > 15].title") == ["Sayings of the Century", "The Lord of the Rings"])
        #expect(try texts("$.store[?count(@.*) > 4]..author").count == 0)
        #expect(try JSONPath("$..*").select(Self.store).count == 27, "store, bicycle, book, 4 books, their 18 members, 2 of the bicycle")
    }

    @Test func hotListShapes() throws {
        let document = try JSONValue.parse(Array(#"{"data":{"列表":[{"id":1,"热度":"120万","标题":"暴雨"},{"id":2,"热度":"80万","标题":"高考"}]}}"#.utf8))
        #expect(try texts("$.data.列表[*].标题", document) == ["暴雨", "高考"])
        #expect(try texts("$['data']['列表'][?@.id == 2].热度", document) == ["80万"])
        #expect(try texts("$..[?@.id > 1].标题", document) == ["高考"])
    }

    /// RFC 9535: a bare `@` always exists (jsonpath-rfc9535 2.0 tests its truthiness).
    @Test func bareCurrentNodeAlwaysExists() throws {
        let document = try JSONValue.parse(Array(#"[false, 0, "", null, 1]"#.utf8))
        #expect(try JSONPath("$[?@]").select(document).count == 5)
        #expect(try JSONPath("$[?!@]").select(document).isEmpty)
    }

    @Test func errorsNameTheirColumn() {
        func column(_ query: String) -> Int? {
            do {
                _ = try JSONPath(query)
                return nil
            } catch {
                return error.column
            }
        }
        #expect(column("data.list") == 1)
        #expect(column("$.data[") == 8)
        #expect(column("$.data[01]") == 8)
        #expect(column("$[?@.a == ]") == 11)
        #expect(column("$[?length(@.*) > 1]") == 11, "length() takes a single value")
        #expect(column("$[?count(@.a)]") == 4, "count() gives a value: compare it")
        #expect(column("$[?frobnicate(@)]") == 4)
        #expect(column("$['a\\x']") == 5)
        #expect(column("$[9007199254740992]") == 3)
        #expect(column("$.a b") == 5)
    }
}
