import Foundation

extension GaussianMixture {
    /// The problem-file format:
    ///
    /// ```json
    /// {"type": "gaussian-mixture", "weights": [w_1, ...], "means": [[...], ...], "variances": [[...], ...]}
    /// ```
    ///
    /// with an optional `"labels": [c_1, ...]`, one integer class per component.
    private struct Document: Decodable {
        let type: String
        let weights: [Double]
        let means: [[Double]]
        let variances: [[Double]]
        let labels: [Int]?
    }

    /// Reads a mixture from problem-file JSON.
    /// - Parameters:
    ///   - json: the bytes of the problem file.
    ///   - source: the name used in error messages (e.g. the file name).
    /// - Throws: ``DiffusionODEError/Kind/invalidInput`` naming the field at fault.
    public init(json: Data, source: String = "problem") throws {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: json)
        } catch let error as DecodingError {
            throw Self.describe(error, source: source)
        } catch {
            throw DiffusionODEError.invalidInput(source, "is not valid JSON (\(error.localizedDescription))")
        }
        guard document.type == "gaussian-mixture" else {
            throw DiffusionODEError.invalidInput("\(source): type", "must be \"gaussian-mixture\", got \"\(document.type)\"")
        }
        do {
            try self.init(weights: document.weights, means: document.means, variances: document.variances, labels: document.labels)
        } catch let error as DiffusionODEError {
            throw DiffusionODEError(error.kind, field: "\(source): \(error.field)", error.message)
        }
    }

    /// Reads a mixture from a problem file.
    /// - Throws: ``DiffusionODEError`` when the file cannot be read or is malformed.
    public init(contentsOfFile path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DiffusionODEError(.io, field: path, "cannot be read (\(error.localizedDescription))")
        }
        try self.init(json: data, source: path)
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

    private static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func describe(_ error: DecodingError, source: String) -> DiffusionODEError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .invalidInput("\(source): \(field)", "is missing; a gaussian-mixture problem needs type, weights, means and variances")
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return .invalidInput(source, "must be a JSON object with type, weights, means and variances")
        case .typeMismatch(let type, let context):
            let expected = type == Double.self ? "a number" : type == String.self ? "a string" : "an array"
            return .invalidInput("\(source): \(path(context.codingPath))", "must be \(expected)")
        case .valueNotFound(_, let context):
            return .invalidInput("\(source): \(path(context.codingPath))", "is null; it must be a value")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty {
                return .invalidInput(source, "is not valid JSON")
            }
            return .invalidInput("\(source): \(field)", "must be a finite number")
        @unknown default:
            return .invalidInput(source, "cannot be decoded")
        }
    }
}
