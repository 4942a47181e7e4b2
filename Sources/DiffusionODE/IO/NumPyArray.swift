import Foundation

/// Reading and writing NumPy `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// Reads little-endian float64 (`<f8`) and float32 (`<f4`, widened to float64) arrays of
/// rank 2, in C or Fortran order; writes version 1.0, `<f8`, C order, with the header
/// padded so the data starts on a 64-byte boundary, as NumPy itself writes them. Every
/// malformed input (bad magic, bad header, truncated data, unsupported dtype, wrong rank,
/// non-finite values) is a ``DiffusionODEError`` naming the file and what is wrong.
public enum NumPyArray {
    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// Parses `.npy` bytes into a batch (a rank-2 array, samples by dimension).
    /// - Parameters:
    ///   - data: the bytes of the file.
    ///   - source: the name used in error messages.
    ///   - allowNonFinite: accept NaN and infinity (rejected by default: every input here is a state).
    public static func decode(_ data: Data, source: String = "npy", allowNonFinite: Bool = false) throws -> Batch {
        let (shape, values) = try decodeArray(data, source: source, allowNonFinite: allowNonFinite)
        guard shape.count == 2 else {
            throw DiffusionODEError.invalidInput(source, "holds an array of shape \(NumPyHeader.describe(shape)); a batch needs rank 2, (samples, dimension)")
        }
        return try Batch(rows: shape[0], columns: shape[1], values: values)
    }

    /// Parses `.npy` bytes holding a vector: shape (N,), (N, 1) or (1, N).
    /// With `allowNonFinite`, NaN and infinities are returned for the caller to judge (a grid
    /// names the index at fault itself).
    public static func decodeVector(_ data: Data, source: String = "npy", allowNonFinite: Bool = false) throws -> [Double] {
        let (shape, values) = try decodeArray(data, source: source, allowNonFinite: allowNonFinite)
        guard shape.count == 1 || (shape.count == 2 && (shape[0] == 1 || shape[1] == 1)) else {
            throw DiffusionODEError.invalidInput(source, "holds an array of shape \(NumPyHeader.describe(shape)); a vector of shape (N,) is needed")
        }
        return values
    }

    /// The header of a `.npy` file and where its data starts, from the file's first bytes.
    static func decodePrelude(_ bytes: UnsafeRawBufferPointer, source: String) throws -> (header: NumPyHeader, dataStart: Int) {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw DiffusionODEError.invalidInput(source, "is not a NumPy .npy file (the magic string \\x93NUMPY is missing)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else {
                throw DiffusionODEError.invalidInput(source, "ends inside the .npy header")
            }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw DiffusionODEError.invalidInput(source, ".npy format version \(major).\(bytes[7]) is not supported; versions 1.0, 2.0 and 3.0 are")
        }
        guard headerLength <= NumPyHeader.maximumLength else {
            throw DiffusionODEError.invalidInput(source, "declares a .npy header of \(headerLength) bytes; NumPy reads at most \(NumPyHeader.maximumLength)")
        }
        guard headerLength <= bytes.count - headerStart else {
            throw DiffusionODEError.invalidInput(source, "ends inside the .npy header (header length \(headerLength), file \(bytes.count) bytes)")
        }
        guard let text = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw DiffusionODEError.invalidInput(source, "has an unreadable .npy header")
        }
        let header = try NumPyHeader(parsing: text, source: source)
        guard header.shape.count == 1 || header.shape.count == 2 else {
            throw DiffusionODEError.invalidInput(source, "holds an array of shape \(header.shapeText); rank 1 or 2 is supported")
        }
        _ = try header.elementCount(source: source)
        return (header, headerStart + headerLength)
    }

    /// The header of the `.npy` file at `path`, read without its data: callers budget the
    /// memory an array will take before reading it.
    public static func header(ofFile path: String) throws -> (shape: [Int], bytesPerElement: Int) {
        let prefix = try InputFile.contents(ofFile: path, firstBytes: 12 + NumPyHeader.maximumLength)
        let header = try prefix.withUnsafeBytes { try decodePrelude($0, source: path).header }
        return (header.shape, header.bytesPerElement)
    }

    /// The shape and the C-ordered values of a rank-1 or rank-2 `.npy` array.
    static func decodeArray(_ data: Data, source: String, allowNonFinite: Bool) throws -> (shape: [Int], values: [Double]) {
        try data.withUnsafeBytes { bytes in try decodeArray(bytes, source: source, allowNonFinite: allowNonFinite) }
    }

    private static func decodeArray(_ bytes: UnsafeRawBufferPointer, source: String, allowNonFinite: Bool) throws -> (shape: [Int], values: [Double]) {
        let (fields, dataStart) = try decodePrelude(bytes, source: source)
        let count = try fields.elementCount(source: source)
        let itemSize = fields.bytesPerElement
        let byteCount = count * itemSize
        let available = bytes.count - dataStart
        guard byteCount <= available else {
            throw DiffusionODEError.invalidInput(source, "is truncated: shape \(fields.shapeText) of \(fields.descr) needs \(byteCount) bytes of data, the file has \(available)")
        }
        guard byteCount == available else {
            throw DiffusionODEError.invalidInput(source, "has \(available - byteCount) bytes after the data of shape \(fields.shapeText); the file is not a single array")
        }
        var values = [Double](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { LittleEndianValues.read(bytes, at: dataStart, width: itemSize, into: $0) }
        if fields.fortranOrder, fields.shape.count == 2, fields.shape[0] > 1, fields.shape[1] > 1 {
            let rows = fields.shape[0], columns = fields.shape[1]
            var transposed = values
            for row in 0..<rows {
                for column in 0..<columns {
                    transposed[row * columns + column] = values[column * rows + row]
                }
            }
            values = transposed
        }
        if !allowNonFinite, let index = values.firstIndex(where: { !$0.isFinite }) {
            let position = fields.shape.count == 2 ? "[\(index / max(fields.shape[1], 1)), \(index % max(fields.shape[1], 1))]" : "[\(index)]"
            throw DiffusionODEError.invalidInput(source, "holds \(values[index]) at \(position); every value must be finite")
        }
        return (fields.shape, values)
    }

    /// Reads a `.npy` file into a batch.
    public static func read(contentsOfFile path: String, allowNonFinite: Bool = false) throws -> Batch {
        try decode(readData(path), source: path, allowNonFinite: allowNonFinite)
    }

    /// Reads a `.npy` file holding a vector.
    public static func readVector(contentsOfFile path: String, allowNonFinite: Bool = false) throws -> [Double] {
        try decodeVector(readData(path), source: path, allowNonFinite: allowNonFinite)
    }

    /// The file's bytes, its header checked first from its opening bytes: a malformed or
    /// oversized header is refused without reading the data behind it.
    private static func readData(_ path: String) throws -> Data {
        _ = try header(ofFile: path)
        return try InputFile.contents(ofFile: path)
    }

    /// The `.npy` bytes of a batch: version 1.0, `<f8`, C order.
    public static func encode(_ batch: Batch) -> Data {
        encode(batch.storage, shape: [batch.rows, batch.columns])
    }

    /// The `.npy` bytes of a vector, shape (N,): a grid of sigmas or times.
    public static func encodeVector(_ values: [Double]) -> Data {
        encode(values, shape: [values.count])
    }

    /// Writes a vector as a `.npy` file of shape (N,), atomically.
    public static func writeVector(_ values: [Double], toFile path: String) throws {
        try AtomicFile.write(encodeVector(values), toFile: path)
    }

    private static func encode(_ values: [Double], shape: [Int]) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(NumPyHeader.describe(shape)), }"
        let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(magic)
        data.append(contentsOf: [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { LittleEndianValues.append($0, to: &data) }
        return data
    }

    /// Writes a batch as a `.npy` file, atomically (see ``AtomicFile``).
    public static func write(_ batch: Batch, toFile path: String) throws {
        try AtomicFile.write(encode(batch), toFile: path)
    }
}

/// The fields of a `.npy` header, a Python dict literal such as
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (16, 6), }`.
struct NumPyHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    var shapeText: String { Self.describe(shape) }

    var bytesPerElement: Int { descr == "<f8" ? 8 : 4 }

    /// The number of elements, refused when it could not be held.
    func elementCount(source: String) throws -> Int {
        var count = 1
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= Int.max / 8 else {
                throw DiffusionODEError.invalidInput(source, "declares shape \(shapeText), too large to hold")
            }
            count = product
        }
        return count
    }

    /// NumPy's own bound on the header it reads (`np.load`'s max_header_size).
    static let maximumLength = 10000

    /// A shape as Python writes it: (3,), (16, 6).
    static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    init(parsing text: String, source: String) throws {
        func failure(_ message: String) -> DiffusionODEError {
            .invalidInput(source, "has a malformed .npy header: \(message)")
        }
        var scanner = HeaderScanner(text)
        guard scanner.consume("{") else { throw failure("it does not start with '{'") }
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        var seen = Set<String>()
        while true {
            if scanner.consume("}") { break }
            guard let key = scanner.quotedString() else { throw failure("expected a quoted key") }
            guard scanner.consume(":") else { throw failure("expected ':' after '\(key)'") }
            guard !seen.contains(key) else { throw failure("'\(key)' appears twice") }
            seen.insert(key)
            switch key {
            case "descr":
                guard let value = scanner.quotedString() else { throw failure("'descr' must be a string") }
                descr = value
            case "fortran_order":
                if scanner.consumeWord("True") { fortranOrder = true }
                else if scanner.consumeWord("False") { fortranOrder = false }
                else { throw failure("'fortran_order' must be True or False") }
            case "shape":
                guard let value = scanner.tuple() else { throw failure("'shape' must be a tuple of non-negative integers") }
                shape = value
            default:
                throw failure("unknown key '\(key)'")
            }
            if scanner.consume(",") { continue }
            guard scanner.consume("}") else { throw failure("expected ',' or '}'") }
            break
        }
        // NumPy pads with spaces and ends with a newline; anything else would be read differently by other readers.
        guard scanner.isAtEndIgnoringSpace() else { throw failure("text follows the closing '}'") }
        guard let descr else { throw failure("'descr' is missing") }
        guard let fortranOrder else { throw failure("'fortran_order' is missing") }
        guard let shape else { throw failure("'shape' is missing") }
        guard descr == "<f8" || descr == "<f4" else {
            throw DiffusionODEError.invalidInput(source, "has dtype '\(descr)'; little-endian float64 ('<f8') or float32 ('<f4') is needed")
        }
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }
}

/// A minimal scanner for the Python literal of a `.npy` header.
private struct HeaderScanner {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    private mutating func skipSpace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    mutating func consume(_ symbol: Character) -> Bool {
        skipSpace()
        guard position < characters.count, characters[position] == symbol else { return false }
        position += 1
        return true
    }

    mutating func isAtEndIgnoringSpace() -> Bool {
        skipSpace()
        return position == characters.count
    }

    mutating func consumeWord(_ word: String) -> Bool {
        skipSpace()
        let letters = Array(word)
        guard position + letters.count <= characters.count, Array(characters[position..<(position + letters.count)]) == letters else { return false }
        position += letters.count
        return true
    }

    mutating func quotedString() -> String? {
        skipSpace()
        guard position < characters.count, characters[position] == "'" || characters[position] == "\"" else { return nil }
        let quote = characters[position]
        var end = position + 1
        while end < characters.count, characters[end] != quote { end += 1 }
        guard end < characters.count else { return nil }
        let value = String(characters[(position + 1)..<end])
        position = end + 1
        return value
    }

    private mutating func integer() -> Int? {
        skipSpace()
        var end = position
        while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
        guard end > position, end - position <= 18, let value = Int(String(characters[position..<end])) else { return nil }
        position = end
        return value
    }

    mutating func tuple() -> [Int]? {
        guard consume("(") else { return nil }
        var values: [Int] = []
        while true {
            if consume(")") { return values }
            guard let value = integer() else { return nil }
            values.append(value)
            if consume(",") { continue }
            guard consume(")") else { return nil }
            return values
        }
    }
}
