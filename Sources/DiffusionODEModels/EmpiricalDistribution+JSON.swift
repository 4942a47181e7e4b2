import DiffusionODE
import Foundation

extension EmpiricalDistribution {
    /// The problem-file format:
    ///
    /// ```json
    /// {"type": "empirical", "points": "digits.npy", "bandwidth": 0}
    /// ```
    ///
    /// `points` is a K x D `.npy` file, its path relative to the problem file's folder;
    /// `bandwidth` (default 0) is the kernel width h.
    private struct Document: Decodable {
        let type: String
        let points: String
        let bandwidth: Double?
    }

    /// Reads the distribution a problem file describes, its points from the file it names.
    /// - Throws: ``DiffusionODEError`` naming the file and field at fault.
    public init(contentsOfFile path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DiffusionODEError(.io, field: path, "cannot be read (\(error.localizedDescription))")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw DiffusionODEError.invalidInput("\(path): \(key.stringValue)", "is missing; an empirical problem needs \"points\" (a K x D .npy file) and may give \"bandwidth\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw DiffusionODEError.invalidInput("\(path): \(context.codingPath.map(\.stringValue).joined(separator: "."))", "has the wrong type: \"points\" is a file name, \"bandwidth\" a number")
        } catch {
            throw DiffusionODEError.invalidInput(path, "is not a valid empirical problem file (\(error.localizedDescription))")
        }
        guard document.type == "empirical" else {
            throw DiffusionODEError.invalidInput("\(path): type", "must be \"empirical\", got \"\(document.type)\"")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let pointsPath = document.points.hasPrefix("/") ? document.points : folder.appendingPathComponent(document.points).path
        let points = try NumPyArray.read(contentsOfFile: pointsPath)
        do {
            try self.init(points: points, bandwidth: document.bandwidth ?? 0)
        } catch let error as DiffusionODEError {
            throw DiffusionODEError(error.kind, field: "\(path): \(error.field)", error.message)
        }
    }
}
