import Foundation

extension GaussianMixture {
    /// The problem-file format:
    ///
    /// ```json
    /// {"type": "gaussian-mixture", "weights": [w_1, ...], "means": [[...], ...], "variances": [[...], ...]}
    /// ```
    ///
    /// with an optional `"labels": [c_1, ...]`, one integer class per component.
    /// The keys of a mixture problem file.
    public static let problemFileKeys = ["type", "weights", "means", "variances", "labels"]

    /// Reads a mixture from problem-file JSON (strictly: a repeated or unknown key is refused).
    /// - Parameters:
    ///   - json: the bytes of the problem file.
    ///   - source: the name used in error messages (e.g. the file name).
    /// - Throws: ``DiffusionODEError/Kind/invalidInput`` naming the field at fault.
    public init(json: Data, source: String = "problem") throws {
        try self.init(document: JSONValue.parse(json, source: source), source: source)
    }

    /// Reads a mixture from a parsed problem file.
    public init(document: JSONValue, source: String = "problem") throws {
        let fields = try JSONFields(
            document, source: source, kind: "a gaussian-mixture problem", allowed: Self.problemFileKeys,
            required: ["type", "weights", "means", "variances"])
        let type = try fields.string("type")
        guard type == "gaussian-mixture" else {
            throw DiffusionODEError.invalidInput("\(source): type", "must be \"gaussian-mixture\", got \"\(type ?? "")\"")
        }
        do {
            try self.init(
                weights: try fields.numbers("weights") ?? [], means: try fields.numberRows("means") ?? [],
                variances: try fields.numberRows("variances") ?? [], labels: try fields.integers("labels"))
        } catch let error as DiffusionODEError where !error.field.hasPrefix(source) {
            throw DiffusionODEError(error.kind, field: "\(source): \(error.field)", error.message)
        }
    }

    /// Reads a mixture from a problem file.
    /// - Throws: ``DiffusionODEError`` when the file cannot be read or is malformed.
    public init(contentsOfFile path: String) throws {
        try self.init(document: JSONValue.parse(contentsOfFile: path), source: path)
    }

    /// Problem-file JSON for this mixture.
    public func jsonData() throws -> Data {
        var object: [String: Any] = [
            "type": "gaussian-mixture",
            "weights": weights,
            "means": means,
            "variances": variances,
        ]
        if let labels { object["labels"] = labels }
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
