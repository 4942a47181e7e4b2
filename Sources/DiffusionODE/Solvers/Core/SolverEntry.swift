/// One named solver in a ``SolverCatalog``: how to build it from a configuration.
public struct SolverEntry: Sendable {
    /// The base name, without a formulation suffix (e.g. `rk4`, `dpm-solver-3`).
    public let name: String
    /// Whether the name takes a formulation suffix `@t`, `@lambda`, `@lambda-scaled`.
    public let takesFormulation: Bool
    /// One line saying what the solver is.
    public let summary: String
    /// Builds the solver.
    public let make: @Sendable (SolverConfiguration) throws -> any Solver

    /// An entry named `name` whose solver `make` builds from a configuration.
    public init(name: String, takesFormulation: Bool = false, summary: String, make: @escaping @Sendable (SolverConfiguration) throws -> any Solver) {
        self.name = name
        self.takesFormulation = takesFormulation
        self.summary = summary
        self.make = make
    }

    /// The solver with default settings (for listing its order and cost).
    public var prototype: (any Solver)? {
        try? make(SolverConfiguration())
    }
}
