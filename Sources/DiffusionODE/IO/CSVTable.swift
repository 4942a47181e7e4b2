import Foundation

/// A table written as CSV with a header row (RFC 4180 quoting), readable by pandas and
/// spreadsheets without options.
public struct CSVTable: Sendable, Equatable {
    /// The column names.
    public var header: [String]
    /// The rows, as formatted cells (one per column).
    public var rows: [[String]]

    /// A table with the given column names and rows (none by default).
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table of a batch: columns `x0, x1, ...`, one row per sample, values in
    /// shortest round-trip form.
    public init(_ batch: Batch) {
        header = Self.columnNames(batch.columns)
        rows = batch.rowArrays.map { $0.map(CSVTable.format) }
    }

    /// Writes a batch as the table `init(_:)` makes, atomically, streaming about a megabyte
    /// of text at a time: the whole table as strings would take ten times the file's size.
    public static func write(_ batch: Batch, toFile path: String) throws {
        try AtomicFile.write(toFile: path) { sink in try stream(batch, into: sink) }
    }

    /// Hands `sink` the text of that table, about a megabyte at a time (for ``AtomicFile``'s
    /// all-or-nothing writes of several files).
    public static func stream(_ batch: Batch, into sink: (Data) throws -> Void) throws {
        var chunk = columnNames(batch.columns).joined(separator: ",") + "\n"
        for row in 0..<batch.rows {
            for column in 0..<batch.columns {
                chunk += format(batch[row, column])
                chunk += column + 1 < batch.columns ? "," : "\n"
            }
            if chunk.utf8.count >= 1 << 20 {
                try sink(Data(chunk.utf8))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try sink(Data(chunk.utf8))
    }

    /// The columns of a batch's table: `x0, x1, ...`.
    static func columnNames(_ count: Int) -> [String] {
        (0..<count).map { "x\($0)" }
    }

    /// Appends a row.
    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// A number in the shortest form that reads back to the same Double.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    private static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The CSV text, lines ending in `\n`.
    public var text: String {
        var lines = [header.map(Self.quote).joined(separator: ",")]
        for row in rows { lines.append(row.map(Self.quote).joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the table atomically.
    public func write(toFile path: String) throws {
        try AtomicFile.write(text, toFile: path)
    }
}
