import Foundation

/// The files a report can be written as.
public enum ReportFormat: String, Sendable, CaseIterable {
    case html, docx, md

    /// The format a file name's extension names (`.markdown` too), nil for others.
    public init?(fileName: String) {
        switch (fileName as NSString).pathExtension.lowercased() {
        case "html", "htm": self = .html
        case "docx": self = .docx
        case "md", "markdown": self = .md
        default: return nil
        }
    }

    /// Writes `report` to `path` in this format (atomically: a temporary file renamed).
    public func write(_ report: Report, to path: String) throws {
        let outline = ReportOutline(report)
        switch self {
        case .docx:
            try ReportDocx(outline, created: report.generated).write(to: path)
        case .html:
            try Data(ReportHTML(outline).render().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        case .md:
            try Data(ReportMarkdown(outline).render().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }
}
