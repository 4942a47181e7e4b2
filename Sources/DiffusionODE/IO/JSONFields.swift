/// The members of one JSON object read as typed fields, every error naming the file and the
/// field's path (`problem.json: means[1][3]`). Keys outside the allowed set are refused, not
/// ignored: a misspelt optional key would otherwise change the problem silently.
public struct JSONFields {
    private let members: [String: JSONValue]
    private let source: String

    /// The object `value` of file `source`, with `allowed` keys of which `required` must be present.
    /// - Parameter kind: what the object is, for messages (`a gaussian-mixture problem`).
    public init(_ value: JSONValue, source: String, kind: String, allowed: [String], required: [String]) throws {
        guard case .object(let list) = value else {
            throw DiffusionODEError.invalidInput(source, "must be a JSON object (\(kind)), not \(value.typeName)")
        }
        self.source = source
        self.members = Dictionary(list.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for member in list where !allowed.contains(member.key) {
            throw DiffusionODEError.invalidInput("\(source): \(member.key)", "is not a key of \(kind); the keys are \(allowed.joined(separator: ", "))")
        }
        for key in required where members[key] == nil {
            throw DiffusionODEError.invalidInput("\(source): \(key)", "is missing; \(kind) needs \(required.joined(separator: ", "))")
        }
    }

    private func failure(_ path: String, _ message: String) -> DiffusionODEError {
        DiffusionODEError.invalidInput("\(source): \(path)", message)
    }

    private func number(_ value: JSONValue, path: String) throws -> Double {
        guard case .number(let number) = value else { throw failure(path, "must be a number, not \(value.typeName)") }
        guard number.isFinite else { throw failure(path, "must be a finite number; it overflows float64") }
        return number
    }

    private func array(_ value: JSONValue, path: String) throws -> [JSONValue] {
        guard case .array(let elements) = value else { throw failure(path, "must be an array, not \(value.typeName)") }
        return elements
    }

    /// The string at `key`, nil when absent.
    public func string(_ key: String) throws -> String? {
        guard let value = members[key] else { return nil }
        guard case .string(let text) = value else { throw failure(key, "must be a string, not \(value.typeName)") }
        return text
    }

    /// The finite number at `key`, nil when absent.
    public func number(_ key: String) throws -> Double? {
        try members[key].map { try number($0, path: key) }
    }

    /// The array of finite numbers at `key`, nil when absent.
    public func numbers(_ key: String) throws -> [Double]? {
        guard let value = members[key] else { return nil }
        return try array(value, path: key).enumerated().map { try number($0.element, path: "\(key)[\($0.offset)]") }
    }

    /// The array of arrays of finite numbers at `key`, nil when absent.
    public func numberRows(_ key: String) throws -> [[Double]]? {
        guard let value = members[key] else { return nil }
        return try array(value, path: key).enumerated().map { row in
            try array(row.element, path: "\(key)[\(row.offset)]").enumerated().map {
                try number($0.element, path: "\(key)[\(row.offset)][\($0.offset)]")
            }
        }
    }

    /// The array of integers at `key`, nil when absent.
    public func integers(_ key: String) throws -> [Int]? {
        try numbers(key).map { values in
            try values.enumerated().map { entry in
                guard let integer = Int(exactly: entry.element) else { throw failure("\(key)[\(entry.offset)]", "must be an integer, got \(entry.element)") }
                return integer
            }
        }
    }
}
