import DiffusionODE

/// Comma-separated option values: `--nfe 12,24,48`, `--solvers a,b`.
enum ListParsing {
    /// The items, each at most once: a repeated entry would repeat runs and weigh an order fit twice.
    static func items(_ text: String, field: String) throws -> [String] {
        let list = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try refuseRepeats(list, field: field)
        return list
    }

    static func refuseRepeats<Item: Hashable>(_ list: [Item], field: String) throws {
        var seen = Set<Item>()
        for item in list where !seen.insert(item).inserted {
            throw DiffusionODEError.invalidArgument(field, "lists \(item) twice; give each value once")
        }
    }

    static func integers(_ text: String, field: String) throws -> [Int] {
        let values = try items(text, field: field).map { item in
            guard let value = Int(item) else {
                throw DiffusionODEError.invalidArgument(field, "'\(item)' is not an integer; give a comma-separated list such as 12,24,48")
            }
            return value
        }
        try refuseRepeats(values, field: field)
        return values
    }

    static func numbers(_ text: String, field: String) throws -> [Double] {
        let values = try items(text, field: field).map { item in
            guard let value = Double(item), value.isFinite else {
                throw DiffusionODEError.invalidArgument(field, "'\(item)' is not a finite number; give a comma-separated list such as 1e-3,1e-5")
            }
            return value
        }
        try refuseRepeats(values, field: field)
        return values
    }
}
