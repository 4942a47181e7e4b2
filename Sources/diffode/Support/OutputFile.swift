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

    /// Writes the batch atomically in this file's format.
    func write(_ batch: Batch) throws {
        switch format {
        case .npy: try NumPyArray.write(batch, toFile: path)
        case .csv: try CSVTable.write(batch, toFile: path)
        }
    }
}
