/// Parses the topic query language:
///
///     query   := or
///     or      := and (("OR" | "|") and)*
///     and     := unary (("AND" | "&")? unary)*        adjacent terms are ANDed
///     unary   := ("NOT" | "-") unary | near
///     near    := primary (("NEAR/n" | "BEFORE/n") primary)*
///     primary := term | field ":" primary | "(" or ")"
///
/// so NOT binds tighter than AND, and AND tighter than OR. Every error carries the
/// column it concerns.
public struct QueryParser {
    private var tokens: [QueryLexer.Token]
    private var position = 0

    /// Parses `query`; throws `QueryError` with a column for anything it cannot read.
    public static func parse(_ query: String) throws(QueryError) -> QueryNode {
        var parser = QueryParser(tokens: try QueryLexer.tokenize(query))
        guard parser.current.kind != .end else { throw QueryError("the query is empty", column: 1) }
        let node = try parser.parseOr(field: nil)
        if parser.current.kind == .close {
            throw QueryError("')' without a matching '('", column: parser.current.column)
        }
        guard parser.current.kind == .end else {
            throw QueryError("unexpected \(describe(parser.current.kind))", column: parser.current.column)
        }
        if node.positiveTerms.isEmpty {
            throw QueryError("the query needs at least one term to look for (outside NOT and source:)", column: 1)
        }
        return node
    }

    private init(tokens: [QueryLexer.Token]) {
        self.tokens = tokens
    }

    private var current: QueryLexer.Token { tokens[position] }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func parseOr(field: QueryField?) throws(QueryError) -> QueryNode {
        var nodes = [try parseAnd(field: field)]
        while current.kind == .or {
            advance()
            try expectOperand(after: "OR")
            nodes.append(try parseAnd(field: field))
        }
        return nodes.count == 1 ? nodes[0] : .or(nodes)
    }

    private mutating func parseAnd(field: QueryField?) throws(QueryError) -> QueryNode {
        var nodes = [try parseUnary(field: field)]
        while true {
            if current.kind == .and {
                advance()
                try expectOperand(after: "AND")
            } else if !startsOperand(current.kind) {
                break
            }
            nodes.append(try parseUnary(field: field))
        }
        return nodes.count == 1 ? nodes[0] : .and(nodes)
    }

    private mutating func parseUnary(field: QueryField?) throws(QueryError) -> QueryNode {
        guard current.kind == .not else { return try parseNear(field: field) }
        advance()
        try expectOperand(after: "NOT")
        return .not(try parseUnary(field: field))
    }

    private mutating func parseNear(field: QueryField?) throws(QueryError) -> QueryNode {
        let leftColumn = current.column
        var left = try parsePrimary(field: field)
        while case .near(let distance, let ordered) = current.kind {
            let name = ordered ? "BEFORE" : "NEAR"
            advance()
            try expectOperand(after: "\(name)/\(distance)")
            let rightColumn = current.column
            let right = try parsePrimary(field: field)
            for (side, sideColumn) in [(left, leftColumn), (right, rightColumn)] where !Self.isAlternatives(side) {
                throw QueryError("\(name)/\(distance) links two terms or groups of alternatives such as (a | b); use AND to combine it with more", column: sideColumn)
            }
            left = .near(left, right, distance: distance, ordered: ordered)
        }
        return left
    }

    private mutating func parsePrimary(field: QueryField?) throws(QueryError) -> QueryNode {
        let token = current
        switch token.kind {
        case .word(let text, _, let weight):
            advance()
            return .term(QueryTerm(text, field: field ?? .text, weight: weight ?? 1))
        case .field(let scope):
            advance()
            guard startsPrimary(current.kind) else {
                throw QueryError("\(scope.rawValue): needs a term or a group in parentheses after it", column: current.column)
            }
            return try parsePrimary(field: scope)
        case .open:
            advance()
            if current.kind == .close { throw QueryError("empty parentheses", column: token.column) }
            let node = try parseOr(field: field)
            guard current.kind == .close else {
                throw QueryError("'(' is never closed", column: token.column)
            }
            advance()
            return node
        default:
            throw QueryError("expected a term, found \(Self.describe(token.kind))", column: token.column)
        }
    }

    private func expectOperand(after name: String) throws(QueryError) {
        guard startsOperand(current.kind) else {
            throw QueryError("expected a term after \(name), found \(Self.describe(current.kind))", column: current.column)
        }
    }

    private func startsOperand(_ kind: QueryLexer.Kind) -> Bool { kind == .not || startsPrimary(kind) }

    private func startsPrimary(_ kind: QueryLexer.Kind) -> Bool {
        switch kind {
        case .word, .field, .open: true
        default: false
        }
    }

    /// A term, or terms joined by OR: what NEAR/BEFORE can take on each side.
    private static func isAlternatives(_ node: QueryNode) -> Bool {
        switch node {
        case .term: true
        case .or(let nodes): nodes.allSatisfy(isAlternatives)
        default: false
        }
    }

    private static func describe(_ kind: QueryLexer.Kind) -> String {
        switch kind {
        case .word(let text, _, _): "\"\(text)\""
        case .field(let field): "\(field.rawValue):"
        case .and: "AND"
        case .or: "OR"
        case .not: "NOT"
        case .near(let distance, let ordered): "\(ordered ? "BEFORE" : "NEAR")/\(distance)"
        case .open: "'('"
        case .close: "')'"
        case .end: "the end of the query"
        }
    }
}
