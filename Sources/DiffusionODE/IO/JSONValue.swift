import Foundation

/// A JSON document read strictly (RFC 8259), for problem files: one meaning per file.
///
/// Foundation's readers keep one of two equal keys silently (Python's `json` keeps the other,
/// so one file would describe two problems), reject numbers whose magnitude underflows
/// (`1e-400` is valid JSON: it is 0) and report where a document breaks only vaguely. This
/// reader refuses a repeated key naming its path, reads every valid number (underflow to 0;
/// overflow to infinity, which the problem readers refuse as not finite), and names the line
/// and column of the first syntax error. Objects keep their members in order.
public indirect enum JSONValue: Equatable, Sendable {
    case object([Member])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// One member of an object.
    public struct Member: Equatable, Sendable {
        public let key: String
        public let value: JSONValue
    }

    /// The deepest nesting read; deeper documents are refused rather than risk the stack.
    public static let maximumDepth = 256

    /// The largest document read from a file (64 MiB, about five million numbers): the parse
    /// tree takes several times the text, so larger problems belong in `.npy` files (an
    /// `empirical` problem names one).
    public static let maximumDocumentBytes = 64 << 20

    /// Reads and parses the JSON file at `path`, refusing one larger than ``maximumDocumentBytes``.
    /// - Throws: ``DiffusionODEError`` naming the file: unreadable (`io`) or not valid JSON.
    public static func parse(contentsOfFile path: String) throws -> JSONValue {
        try parse(InputFile.contents(ofFile: path, maximumBytes: maximumDocumentBytes), source: path)
    }

    /// Parses `data` (UTF-8).
    /// - Parameter source: the name used in error messages (the file's path).
    /// - Throws: ``DiffusionODEError`` of kind `invalidInput` naming the line and column of a
    ///   syntax error, or the path of a repeated key.
    public static func parse(_ data: Data, source: String) throws -> JSONValue {
        var parser = Parser(bytes: [UInt8](data), source: source)
        parser.skipWhitespace()
        let value = try parser.value(path: "", depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else {
            throw parser.syntaxError("unexpected text after the document")
        }
        return value
    }

    /// A short name of the value's type, for messages.
    public var typeName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// The recursive-descent reader behind ``JSONValue/parse(_:source:)``.
private struct Parser {
    let bytes: [UInt8]
    let source: String
    var position = 0

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    func syntaxError(_ message: String) -> DiffusionODEError {
        var line = 1, column = 1
        for byte in bytes[0..<min(position, bytes.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return DiffusionODEError.invalidInput(source, "is not valid JSON: \(message) at line \(line), column \(column)")
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func expect(_ text: String) throws {
        for byte in text.utf8 {
            guard position < bytes.count, bytes[position] == byte else { throw syntaxError("expected \"\(text)\"") }
            position += 1
        }
    }

    mutating func value(path: String, depth: Int) throws -> JSONValue {
        guard depth < JSONValue.maximumDepth else { throw syntaxError("nesting deeper than \(JSONValue.maximumDepth)") }
        guard position < bytes.count else { throw syntaxError("the document ends where a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(path: path, depth: depth)
        case UInt8(ascii: "["): return try array(path: path, depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func object(path: String, depth: Int) throws -> JSONValue {
        position += 1
        var members: [JSONValue.Member] = []
        var keys = Set<String>()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw syntaxError("expected a key in quotes") }
            let key = try string()
            let memberPath = path.isEmpty ? key : "\(path).\(key)"
            guard keys.insert(key).inserted else {
                throw DiffusionODEError.invalidInput("\(source): \(memberPath)", "appears twice; each key may appear once (readers differ on which value they keep)")
            }
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            members.append(JSONValue.Member(key: key, value: try value(path: memberPath, depth: depth + 1)))
            skipWhitespace()
            guard position < bytes.count else { throw syntaxError("the document ends inside an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw syntaxError("expected \",\" or \"}\"")
        }
    }

    mutating func array(path: String, depth: Int) throws -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value(path: "\(path)[\(elements.count)]", depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw syntaxError("the document ends inside an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            throw syntaxError("expected \",\" or \"]\"")
        }
    }

    mutating func string() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() throws {
            guard !run.isEmpty else { return }
            guard let text = String(validating: run, as: UTF8.self) else { throw syntaxError("a string is not valid UTF-8") }
            scalars.append(contentsOf: text.unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while true {
            guard position < bytes.count else { throw syntaxError("a string is not closed") }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush()
                guard position < bytes.count else { throw syntaxError("a string is not closed") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hexQuad()
                    if (0xD800..<0xDC00).contains(code) {
                        try expect("\\u")
                        let low = try hexQuad()
                        guard (0xDC00..<0xE000).contains(low) else { throw syntaxError("an unpaired surrogate in \\u escapes") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw syntaxError("an invalid \\u escape") }
                    scalars.append(scalar)
                default:
                    throw syntaxError("an invalid escape \\\(Character(Unicode.Scalar(escape)))")
                }
            case 0..<0x20:
                throw syntaxError("a control character inside a string")
            default:
                run.append(byte)
            }
        }
    }

    mutating func hexQuad() throws -> UInt32 {
        guard position + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
            throw syntaxError("\\u needs four hexadecimal digits")
        }
        position += 4
        return code
    }

    /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, read to the nearest double (underflow is 0).
    mutating func number() throws -> Double {
        let start = position
        func digits() -> Int {
            let first = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return position - first
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else {
            position = start
            throw syntaxError("expected a value")
        }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { throw syntaxError("a number with a leading zero") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw syntaxError("a number ends after its decimal point") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw syntaxError("a number's exponent has no digits") }
        }
        guard let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw syntaxError("a number that cannot be read")
        }
        return value
    }
}
