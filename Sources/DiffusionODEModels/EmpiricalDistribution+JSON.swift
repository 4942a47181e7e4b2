import DiffusionODE
import Foundation

extension EmpiricalDistribution {
    /// The keys of an empirical problem file:
    ///
    /// ```json
    /// {"type": "empirical", "points": "digits.npy", "bandwidth": 0}
    /// ```
    ///
    /// `points` is a K x D `.npy` file, its path relative to the problem file's folder;
    /// `bandwidth` (default 0) is the kernel width h.
    public static let problemFileKeys = ["type", "points", "bandwidth"]

    /// Reads the distribution a parsed problem file describes, its points from the file it names.
    /// - Parameter checkArrayFile: called with the points file's path before it is read (the
    ///   CLI budgets its memory from the `.npy` header there).
    /// - Throws: ``DiffusionODEError`` naming the file and field at fault.
    public init(document: JSONValue, source path: String, checkArrayFile: (String) throws -> Void = { _ in }) throws {
        let fields = try JSONFields(document, source: path, kind: "an empirical problem", allowed: Self.problemFileKeys, required: ["type", "points"])
        let type = try fields.string("type")
        guard type == "empirical" else {
            throw DiffusionODEError.invalidInput("\(path): type", "must be \"empirical\", got \"\(type ?? "")\"")
        }
        let points = try fields.string("points") ?? ""
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let pointsPath = points.hasPrefix("/") ? points : folder.appendingPathComponent(points).path
        try checkArrayFile(pointsPath)
        do {
            try self.init(points: NumPyArray.read(contentsOfFile: pointsPath), bandwidth: try fields.number("bandwidth") ?? 0)
        } catch let error as DiffusionODEError where error.field == "points" || error.field == "bandwidth" {
            throw DiffusionODEError(error.kind, field: "\(path): \(error.field)", error.message)
        }
    }

    /// Reads the distribution a problem file describes.
    public init(contentsOfFile path: String) throws {
        try self.init(document: JSONValue.parse(contentsOfFile: path), source: path)
    }
}
