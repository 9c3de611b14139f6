/// Splits a topic query into tokens, each with its 1-based column. Full-width
/// parentheses, quotes, colon and bar are read like their ASCII forms, as Chinese
/// input methods type them.
struct QueryLexer {
    enum Kind: Equatable {
        case word(String, quoted: Bool, weight: Double?)
        case field(QueryField)
        case and, or, not
        case near(distance: Int, ordered: Bool)
        case open, close
        case end
    }

    struct Token: Equatable {
        var kind: Kind
        var column: Int
    }

    private static let separators: Set<Character> = ["(", ")", "（", "）", "\"", "“", "”", "&", "|", "｜"]
    private static let maxDistance = 10_000

    static func tokenize(_ query: String) throws(QueryError) -> [Token] {
        let chars = Array(query)
        var tokens: [Token] = []
        var index = 0
        while index < chars.count {
            let char = chars[index]
            let column = index + 1
            if char.isWhitespace {
                index += 1
                continue
            }
            switch char {
            case "(", "（": tokens.append(Token(kind: .open, column: column)); index += 1; continue
            case ")", "）": tokens.append(Token(kind: .close, column: column)); index += 1; continue
            case "&": tokens.append(Token(kind: .and, column: column)); index += 1; continue
            case "|", "｜": tokens.append(Token(kind: .or, column: column)); index += 1; continue
            case "-" where index + 1 < chars.count && !chars[index + 1].isWhitespace:
                tokens.append(Token(kind: .not, column: column)); index += 1; continue
            case "\"", "“", "”":
                let closing: Set<Character> = char == "“" ? ["”", "\""] : ["\"", "”"]
                var end = index + 1
                while end < chars.count && !closing.contains(chars[end]) { end += 1 }
                guard end < chars.count else { throw QueryError("unterminated quote", column: column) }
                let phrase = String(chars[(index + 1)..<end]).trimmingWhitespace()
                guard !phrase.isEmpty else { throw QueryError("empty quoted phrase", column: column) }
                index = end + 1
                let weight = try readWeight(chars, &index)
                tokens.append(Token(kind: .word(phrase, quoted: true, weight: weight), column: column))
                continue
            default: break
            }
            var end = index
            while end < chars.count && !chars[end].isWhitespace && !separators.contains(chars[end]) { end += 1 }
            var word = String(chars[index..<end])
            if let colon = word.firstIndex(where: { $0 == ":" || $0 == "：" }), colon != word.startIndex,
                word[..<colon].allSatisfy(\.isLetter)
            {
                let name = String(word[..<colon])
                guard let field = QueryField.names[name.lowercased()] else {
                    throw QueryError("unknown field \"\(name)\" (fields: title, summary, source; quote a term that contains a colon)", column: column)
                }
                tokens.append(Token(kind: .field(field), column: column))
                index += name.count + 1
                continue
            }
            index = end
            if let kind = try keyword(word, column: column) {
                tokens.append(Token(kind: kind, column: column))
                continue
            }
            var weight: Double?
            if let caret = word.lastIndex(of: "^") {
                let number = word[word.index(after: caret)...]
                guard let value = Double(number), value > 0, value <= 100, caret != word.startIndex else {
                    throw QueryError("a weight is written term^N with N between 0 and 100", column: column + word.distance(from: word.startIndex, to: caret))
                }
                weight = value
                word = String(word[..<caret])
            }
            tokens.append(Token(kind: .word(word, quoted: false, weight: weight), column: column))
        }
        tokens.append(Token(kind: .end, column: chars.count + 1))
        return tokens
    }

    private static func keyword(_ word: String, column: Int) throws(QueryError) -> Kind? {
        switch word {
        case "AND": return .and
        case "OR": return .or
        case "NOT": return .not
        default: break
        }
        for (name, ordered) in [("NEAR", false), ("BEFORE", true)] where word == name || word.hasPrefix(name + "/") {
            guard let distance = Int(word.dropFirst(name.count + 1)), distance >= 0, distance <= maxDistance else {
                throw QueryError("\(name) needs a distance, for example \(name)/10", column: column)
            }
            return .near(distance: distance, ordered: ordered)
        }
        return nil
    }

    private static func readWeight(_ chars: [Character], _ index: inout Int) throws(QueryError) -> Double? {
        guard index < chars.count, chars[index] == "^" else { return nil }
        let column = index + 1
        var end = index + 1
        while end < chars.count && (chars[end].isNumber || chars[end] == ".") { end += 1 }
        guard let value = Double(String(chars[(index + 1)..<end])), value > 0, value <= 100 else {
            throw QueryError("a weight is written term^N with N between 0 and 100", column: column)
        }
        index = end
        return value
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}
