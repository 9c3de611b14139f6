import Foundation

/// A plain-text table whose columns line up in a Chinese terminal: CJK and full-width
/// characters count as two cells.
final class TextTable {
    private let columns: [String]
    private var rows: [[String]] = []
    /// ANSI SGR codes per row and cell (`"31"` red), applied after padding.
    private var styles: [[String?]] = []
    /// Colour only when standard output is a terminal and `NO_COLOR` is not set.
    static let colourEnabled: Bool = {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }()
    /// The last column is cut to this many cells so lines do not wrap.
    var lastColumnWidth = 60

    init(columns: [String]) {
        self.columns = columns
    }

    func add(_ row: [String], styles: [String?] = []) {
        rows.append(row)
        self.styles.append(styles)
    }

    func print() {
        let all = [columns] + rows.map { row in
            row.enumerated().map { $0 == columns.count - 1 ? DisplayWidth.truncate($1, to: lastColumnWidth) : $1 }
        }
        var widths = Array(repeating: 0, count: columns.count)
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        for (rowIndex, row) in all.enumerated() {
            let rowStyles = rowIndex == 0 ? [] : styles[rowIndex - 1]
            let line = row.enumerated().map { index, cell in
                let padded = index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
                guard Self.colourEnabled, index < rowStyles.count, let style = rowStyles[index] else { return padded }
                return "\u{1B}[\(style)m\(padded)\u{1B}[0m"
            }.joined(separator: "  ")
            Swift.print(line)
        }
    }
}

/// Terminal cell widths (East Asian Wide and Fullwidth characters take two cells).
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    static func truncate(_ text: String, to cells: Int) -> String {
        guard of(text) > cells else { return text }
        var result = ""
        var used = 0
        for character in text {
            let width = of(String(character))
            if used + width > cells - 1 { break }
            result.append(character)
            used += width
        }
        return result + "…"
    }
}
