import DiffusionODE

/// Comma-separated option values: `--nfe 12,24,48`, `--solvers a,b`.
enum ListParsing {
    static func items(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func integers(_ text: String, field: String) throws -> [Int] {
        try items(text).map { item in
            guard let value = Int(item) else {
                throw DiffusionODEError.invalidArgument(field, "'\(item)' is not an integer; give a comma-separated list such as 12,24,48")
            }
            return value
        }
    }

    static func numbers(_ text: String, field: String) throws -> [Double] {
        try items(text).map { item in
            guard let value = Double(item), value.isFinite else {
                throw DiffusionODEError.invalidArgument(field, "'\(item)' is not a finite number; give a comma-separated list such as 1e-3,1e-5")
            }
            return value
        }
    }
}
