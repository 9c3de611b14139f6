/// The files of a scheduled report's folder, named in one place: the daemon writes them,
/// the mail channel sends them.
public enum ReportFiles {
    /// The report to read or forward (charts as inline SVG).
    public static let html = "report.html"
    /// The report for a mail body (charts as `cid:` images).
    public static let mailHTML = "mail.html"
    public static let docx = "report.docx"

    /// The `index`th chart (from 0) as PNG.
    public static func chart(_ index: Int) -> String { "chart-\(index).png" }

    /// The content id the mail body refers to the `index`th chart by.
    public static func contentID(_ index: Int) -> String { "chart-\(index)@yuqing" }
}
