/// A document libxml2 parsed, seen while it is alive (inside `MarkupParser.withXMLDocument`).
public struct XMLDocumentView {
    /// The root element, nil when libxml2 recovered nothing.
    public let root: XMLElementView?
    let scope: XMLDocumentScope
    let collector: ErrorCollector
    let parserWellFormed: Bool
    let repaired: [String]

    /// False when libxml2 had to recover, entities were repaired, or entity expansion ran
    /// over its budget (known once the text that needed it has been read).
    public var wellFormed: Bool { parserWellFormed && !scope.budgetExceeded && repaired.isEmpty }

    /// libxml2's messages with line numbers, after a note on repaired entities and
    /// before one on entity expansion.
    public var errors: [String] {
        var errors = collector.messages
        if !repaired.isEmpty {
            let names = repaired.prefix(5).joined(separator: ", ")
            errors.insert("undefined entities or bare ampersands repaired: \(names)", at: 0)
        }
        if scope.budgetExceeded { errors.append("entity expansion exceeded \(MarkupParser.entityExpansionBudget) characters") }
        return errors
    }
}
