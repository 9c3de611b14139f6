/// The common subset of CSS selectors, compiled to XPath 1.0 for libxml2: type and `*`,
/// `.class`, `#id`, attribute selectors (`[a]`, `[a=v]`, `~=`, `^=`, `$=`, `*=`),
/// `:first-child`, `:last-child`, `:nth-child(n)`, descendant and child combinators, and
/// selector lists (`a, b`).
public enum CSSSelector {
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public var selector: String
        /// 1-based column of the problem.
        public var column: Int
        public var message: String
        public var description: String { "CSS selector \"\(selector)\", column \(column): \(message)" }
    }

    /// XPath for `selector`, relative to the context node (`.//…`) or the document (`//…`).
    public static func xpath(_ selector: String, relative: Bool) throws(SyntaxError) -> String {
        var parser = Parser(source: Array(selector), text: selector)
        var alternatives: [String] = []
        repeat {
            alternatives.append(try parser.complexSelector(relative: relative))
        } while parser.consume(",")
        parser.skipSpaces()
        guard parser.atEnd else { throw parser.error("unexpected \"\(parser.peek.map(String.init) ?? "")\"") }
        return alternatives.joined(separator: " | ")
    }

    private struct Parser {
        let source: [Character]
        let text: String
        var index = 0

        var atEnd: Bool { index >= source.count }
        var peek: Character? { atEnd ? nil : source[index] }

        func error(_ message: String) -> SyntaxError {
            SyntaxError(selector: text, column: index + 1, message: message)
        }

        mutating func skipSpaces() {
            while let character = peek, character.isWhitespace { index += 1 }
        }

        mutating func consume(_ character: Character) -> Bool {
            skipSpaces()
            if peek == character {
                index += 1
                return true
            }
            return false
        }

        mutating func complexSelector(relative: Bool) throws(SyntaxError) -> String {
            skipSpaces()
            var path = (relative ? ".//" : "//") + (try compound())
            while true {
                let hadSpace = peek?.isWhitespace ?? false
                skipSpaces()
                guard let next = peek, next != "," else { break }
                if next == ">" {
                    index += 1
                    skipSpaces()
                    path += "/" + (try compound())
                } else if hadSpace {
                    path += "//" + (try compound())
                } else {
                    throw error("unexpected \"\(next)\"")
                }
            }
            return path
        }

        mutating func identifier() throws(SyntaxError) -> String {
            var name = ""
            while let character = peek, character.isLetter || character.isNumber || character == "-" || character == "_" {
                name.append(character)
                index += 1
            }
            guard !name.isEmpty else { throw error("expected a name") }
            return name
        }

        mutating func compound() throws(SyntaxError) -> String {
            var step = "*"
            if peek == "*" {
                index += 1
            } else if let character = peek, character.isLetter {
                step = try identifier().lowercased()
            }
            var predicates: [String] = []
            loop: while let character = peek {
                switch character {
                case ".":
                    index += 1
                    predicates.append(Self.containsWord("@class", try identifier()))
                case "#":
                    index += 1
                    predicates.append("@id=\(Self.literal(try identifier()))")
                case "[":
                    index += 1
                    predicates.append(try attribute())
                case ":":
                    index += 1
                    predicates.append(try pseudoClass())
                default:
                    break loop
                }
            }
            if step == "*" && predicates.isEmpty && !(source.indices.contains(index - 1) && source[index - 1] == "*") {
                throw error("expected a selector")
            }
            return step + predicates.map { "[\($0)]" }.joined()
        }

        mutating func attribute() throws(SyntaxError) -> String {
            skipSpaces()
            let name = "@" + (try identifier()).lowercased()
            skipSpaces()
            if consume("]") { return name }
            var operation = ""
            while let character = peek, "~^$*|=".contains(character) {
                operation.append(character)
                index += 1
            }
            skipSpaces()
            let value = try quotedOrBare()
            guard consume("]") else { throw error("expected \"]\"") }
            let literal = Self.literal(value)
            switch operation {
            case "=": return "\(name)=\(literal)"
            case "~=": return Self.containsWord(name, value)
            case "^=": return "starts-with(\(name), \(literal))"
            case "$=": return "substring(\(name), string-length(\(name)) - string-length(\(literal)) + 1) = \(literal)"
            case "*=": return "contains(\(name), \(literal))"
            case "|=": return "\(name)=\(literal) or starts-with(\(name), concat(\(literal), '-'))"
            default: throw error("unknown attribute operator \"\(operation)\"")
            }
        }

        mutating func quotedOrBare() throws(SyntaxError) -> String {
            if let quote = peek, quote == "\"" || quote == "'" {
                index += 1
                var value = ""
                while let character = peek, character != quote {
                    value.append(character)
                    index += 1
                }
                guard peek == quote else { throw error("unterminated string") }
                index += 1
                return value
            }
            return try identifier()
        }

        mutating func pseudoClass() throws(SyntaxError) -> String {
            let name = try identifier().lowercased()
            switch name {
            case "first-child": return "not(preceding-sibling::*)"
            case "last-child": return "not(following-sibling::*)"
            case "nth-child":
                guard consume("(") else { throw error("expected \"(\"") }
                skipSpaces()
                var digits = ""
                while let character = peek, character.isNumber {
                    digits.append(character)
                    index += 1
                }
                guard let position = Int(digits), position >= 1, consume(")") else {
                    throw error(":nth-child takes a positive whole number")
                }
                return "count(preceding-sibling::*) = \(position - 1)"
            default:
                throw error("unsupported pseudo-class :\(name)")
            }
        }

        static func containsWord(_ attribute: String, _ word: String) -> String {
            "contains(concat(' ', normalize-space(\(attribute)), ' '), \(literal(" \(word) ")))"
        }

        /// An XPath string literal for any text (XPath 1.0 has no escapes: use concat()).
        static func literal(_ value: String) -> String {
            if !value.contains("'") { return "'\(value)'" }
            if !value.contains("\"") { return "\"\(value)\"" }
            return "concat('" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "', \"'\", '") + "')"
        }
    }
}
