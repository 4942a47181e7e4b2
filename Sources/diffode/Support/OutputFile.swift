import DiffusionODE
import Foundation

/// An output path whose format follows its extension: `.npy` or `.csv`.
struct OutputFile {
    enum Format { case npy, csv }

    let path: String
    let format: Format

    /// - Throws: `invalidArgument` naming `field` for any other extension.
    init(_ path: String, field: String = "out") throws {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "npy": format = .npy
        case "csv": format = .csv
        default:
            throw DiffusionODEError.invalidArgument(field, "must end in .npy or .csv, got '\(path)'")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiffusionODEError.invalidArgument(field, "the folder \(folder) does not exist")
        }
        self.path = path
    }

    /// Writes the batch atomically in this file's format.
    func write(_ batch: Batch) throws {
        switch format {
        case .npy: try NumPyArray.write(batch, toFile: path)
        case .csv: try CSVTable(batch).write(toFile: path)
        }
    }
}
