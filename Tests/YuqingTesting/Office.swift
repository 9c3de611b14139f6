import Foundation

/// LibreOffice (Debian's `libreoffice-writer-nogui`) and poppler's `pdftotext`, for the
/// tests that open the Word files yuqing writes as a person's office suite would.
public enum Office {
    /// Converts `docx` to PDF with `soffice --headless --convert-to pdf` (a file it had to
    /// repair or could not read fails here) and returns the PDF's text.
    public static func pdfText(ofDocx docx: String) async throws -> String {
        let scratch = try TemporaryDirectory("soffice")
        let converted = try await Harness.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["soffice", "-env:UserInstallation=file://\(scratch.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", scratch.path, docx], timeout: 300)
        let pdf = scratch.file(((docx as NSString).lastPathComponent as NSString).deletingPathExtension + ".pdf").path
        guard converted.status == 0, FileManager.default.fileExists(atPath: pdf) else {
            throw Failure("soffice did not convert \(docx) (status \(converted.status)): \(converted.output)")
        }
        let text = try await Harness.run(URL(fileURLWithPath: "/usr/bin/env"), ["pdftotext", "-layout", pdf, "-"])
        guard text.status == 0 else { throw Failure("pdftotext failed on \(pdf)") }
        if let keep = ProcessInfo.processInfo.environment["YUQING_KEEP_PDF"] { try? FileManager.default.copyItem(atPath: pdf, toPath: keep) }
        return text.output
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
