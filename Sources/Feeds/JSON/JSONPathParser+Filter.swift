/// The filter grammar: logical expressions, comparisons, queries, literals, functions.
extension JSONPathParser {
    mutating func parseOr() throws(JSONPathError) -> FilterExpression {
        var terms = [try parseAnd()]
        while true {
            let saved = position
            skipBlanks()
            guard consume("||") else {
                position = saved
                break
            }
            skipBlanks()
            terms.append(try parseAnd())
        }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    mutating func parseAnd() throws(JSONPathError) -> FilterExpression {
        var terms = [try parseBasic()]
        while true {
            let saved = position
            skipBlanks()
            guard consume("&&") else {
                position = saved
                break
            }
            skipBlanks()
            terms.append(try parseBasic())
        }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    mutating func parseBasic() throws(JSONPathError) -> FilterExpression {
        if peek() == "!" && peek(1) != "=" {
            position += 1
            skipBlanks()
            if peek() == "(" { return .not(try parseParenthesized()) }
            return .not(try parseTest())
        }
        if peek() == "(" { return try parseParenthesized() }
        let start = position
        let left = try parseComparable()
        let saved = position
        skipBlanks()
        if let op = parseOperator() {
            skipBlanks()
            let right = try parseComparable()
            try checkComparable(left, at: start)
            return .comparison(left, op, right)
        }
        position = saved
        // No comparison: a test of existence or a logical function.
        switch left {
        case .query(let query): return .exists(query)
        case .function(let call):
            guard call.name == "match" || call.name == "search" else {
                throw error("\(call.name)() gives a value: compare it (for example \(call.name)(…) > 0)", at: start)
            }
            return .function(call)
        case .literal: throw error("a literal must be compared with something", at: start)
        }
    }

    private mutating func parseParenthesized() throws(JSONPathError) -> FilterExpression {
        position += 1
        skipBlanks()
        let inner = try parseOr()
        skipBlanks()
        guard consume(")") else { throw error("expected )") }
        return inner
    }

    /// `!` applies to a query (non-existence) or a logical function.
    private mutating func parseTest() throws(JSONPathError) -> FilterExpression {
        let start = position
        switch try parseComparable() {
        case .query(let query): return .exists(query)
        case .function(let call) where call.name == "match" || call.name == "search": return .function(call)
        default: throw error("! applies to a query, a match()/search() or a parenthesised expression", at: start)
        }
    }

    private mutating func parseOperator() -> ComparisonOperator? {
        for op in ["==", "!=", "<=", ">=", "<", ">"] where consume(op) { return ComparisonOperator(rawValue: op) }
        return nil
    }

    /// In a comparison a query must be singular and a function must give a value.
    private func checkComparable(_ comparable: Comparable, at start: Int) throws(JSONPathError) {
        switch comparable {
        case .query(let query) where !query.isSingular:
            throw error("only a singular query (names and indexes) can be compared", at: start)
        case .function(let call) where call.name == "match" || call.name == "search":
            throw error("\(call.name)() is true or false: use it without a comparison", at: start)
        default: break
        }
    }

    mutating func parseComparable() throws(JSONPathError) -> Comparable {
        switch peek() {
        case "@", "$": return .query(try parseFilterQuery())
        case "'", "\"": return .literal(.string(try parseString()))
        case let scalar? where scalar == "-" || ("0"..."9").contains(scalar): return .literal(try parseNumber())
        default:
            for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] where starts(with: word) {
                if let after = peek(word.count), Self.isNameFirst(after) || after == "(" { continue }
                position += word.count
                return .literal(value)
            }
            if let scalar = peek(), ("a"..."z").contains(scalar) { return .function(try parseFunction()) }
            throw error("expected a query (@ or $), a literal or a function, found \(describe(peek()))")
        }
    }

    private mutating func parseFilterQuery() throws(JSONPathError) -> FilterQuery {
        let relative = peek() == "@"
        position += 1
        return FilterQuery(relative: relative, segments: try parseSegments())
    }

    private mutating func parseFunction() throws(JSONPathError) -> FunctionCall {
        let start = position
        var name = ""
        while let scalar = peek(), ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" {
            name.unicodeScalars.append(scalar)
            position += 1
        }
        let arity = ["length": 1, "count": 1, "value": 1, "match": 2, "search": 2]
        guard let expected = arity[name] else {
            throw error("unknown function \(name)(); known: count, length, match, search, value", at: start)
        }
        guard consume("(") else { throw error("expected ( after \(name)") }
        var arguments: [FunctionCall.Argument] = []
        skipBlanks()
        if peek() != ")" {
            repeat {
                skipBlanks()
                arguments.append(try parseArgument(of: name, index: arguments.count))
                skipBlanks()
            } while consume(",")
        }
        guard consume(")") else { throw error("expected , or ) in \(name)()") }
        guard arguments.count == expected else { throw error("\(name)() takes \(expected) argument\(expected == 1 ? "" : "s")", at: start) }
        return FunctionCall(name: name, arguments: arguments)
    }

    /// `count` and `value` take any query (nodes); the others take values: literals,
    /// singular queries, or functions that give values.
    private mutating func parseArgument(of function: String, index: Int) throws(JSONPathError) -> FunctionCall.Argument {
        let start = position
        let nodes = function == "count" || function == "value"
        switch try parseComparable() {
        case .literal(let value):
            if nodes { throw error("\(function)() takes a query", at: start) }
            return .literal(value)
        case .query(let query):
            if !nodes && !query.isSingular { throw error("\(function)() takes a single value: use a singular query", at: start) }
            return .query(query)
        case .function(let call):
            if nodes || call.name == "match" || call.name == "search" { throw error("\(call.name)() cannot be an argument of \(function)()", at: start) }
            return .function(call)
        }
    }
}
