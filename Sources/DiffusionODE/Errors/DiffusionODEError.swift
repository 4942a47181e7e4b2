/// The one error type of the library: what was wrong, where, and what would be valid.
///
/// Every failure a user can cause (an argument out of range, a malformed file, a solve
/// that meets a non-finite value) surfaces as a `DiffusionODEError` whose
/// ``description`` is one line naming the field and the fix, so a command-line tool can
/// print it as it stands.
public struct DiffusionODEError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The class of failure; a command-line tool maps it to an exit status.
    public enum Kind: String, Sendable, Equatable {
        /// An argument or option has a value outside its valid set (a usage error).
        case invalidArgument
        /// An input file or document is malformed or inconsistent (a data error).
        case invalidInput
        /// A solve could not complete: a non-finite value, a step budget, an integrator failure.
        case solveFailed
        /// Reading or writing a file failed at the operating-system level.
        case io
        /// The run was cancelled by its caller.
        case cancelled
    }

    /// The class of failure.
    public var kind: Kind
    /// The field, argument or location at fault, e.g. `steps`, `problem.json: variances[1][3]`.
    public var field: String
    /// What is wrong and what would be valid, e.g. `must be at least 1, got 0`.
    public var message: String

    /// Creates an error of the given kind.
    public init(_ kind: Kind, field: String, _ message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }

    /// `field: message`, on one line.
    public var description: String {
        let text = field.isEmpty ? message : "\(field): \(message)"
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// An argument outside its valid set.
    public static func invalidArgument(_ field: String, _ message: String) -> DiffusionODEError {
        DiffusionODEError(.invalidArgument, field: field, message)
    }

    /// A malformed or inconsistent input.
    public static func invalidInput(_ field: String, _ message: String) -> DiffusionODEError {
        DiffusionODEError(.invalidInput, field: field, message)
    }

    /// A solve that could not complete.
    public static func solveFailed(_ field: String, _ message: String) -> DiffusionODEError {
        DiffusionODEError(.solveFailed, field: field, message)
    }
}
