import DiffusionODE
import Foundation

/// An output path whose format follows its extension: `.npy` or `.csv`.
struct OutputFile {
    enum Format { case npy, csv }

    let path: String
    let format: Format

    /// - Throws: `invalidArgument` naming `field` for any other extension or a missing folder.
    init(_ path: String, field: String = "out") throws {
        try OutputPath.check(path, field: field, extensions: ["npy", "csv"])
        format = URL(fileURLWithPath: path).pathExtension.lowercased() == "npy" ? .npy : .csv
        self.path = path
    }

    /// Writes the batch atomically in this file's format, together with `companions` (a
    /// picture of the same samples): all of them or, if any write fails, none.
    func write(_ batch: Batch, with companions: [(data: Data, path: String)] = []) throws {
        let produce: (_ sink: (Data) throws -> Void) throws -> Void
        switch format {
        case .npy:
            let data = NumPyArray.encode(batch)
            produce = { sink in try sink(data) }
        case .csv:
            produce = { sink in try CSVTable.stream(batch, into: sink) }
        }
        try AtomicFile.write([(path: path, produce: produce)] + companions.map { companion in
            (path: companion.path, produce: { sink in try sink(companion.data) })
        })
    }
}
