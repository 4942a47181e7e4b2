import DiffusionODE
import Foundation

/// Checks on an output path made before any work is done: its extension, its folder, and
/// that it does not name one of the command's inputs.
enum OutputPath {
    /// - Throws: `invalidArgument` naming `field` for another extension or a missing folder.
    static func check(_ path: String, field: String, extensions: [String]) throws {
        let url = URL(fileURLWithPath: path)
        guard extensions.contains(url.pathExtension.lowercased()) else {
            let expected = extensions.map { "." + $0 }.joined(separator: " or ")
            throw DiffusionODEError.invalidArgument(field, "must end in \(expected), got '\(path)'")
        }
        var isDirectory: ObjCBool = false
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiffusionODEError.invalidArgument(field, "the folder \(folder) does not exist")
        }
        // As for an input that is not a regular file: an I/O error (74), found before any work.
        if let kind = InputFile.nonRegularKind(atPath: path) {
            throw DiffusionODEError(.io, field: field, "'\(path)' is \(kind); give a file name to write")
        }
    }

    /// Refuses an output that is the same file as an input (by device and inode, so another
    /// spelling, a hard link or a symlink is caught too): the write would replace the
    /// input, and with an atomic rename it would do so silently.
    static func refuseOverwriting(_ outputs: [(field: String, path: String?)], inputs: [(field: String, path: String?)]) throws {
        let inputIdentities = inputs.compactMap { input in input.path.flatMap(identity).map { (input.field, $0) } }
        for output in outputs {
            guard let path = output.path, let outputIdentity = identity(of: path) else { continue }
            if let (inputField, _) = inputIdentities.first(where: { $0.1 == outputIdentity }) {
                throw DiffusionODEError.invalidArgument(output.field, "'\(path)' is the --\(inputField) input; writing it would destroy the input, so name another file")
            }
        }
    }

    private struct FileIdentity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    private static func identity(of path: String) -> FileIdentity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}
