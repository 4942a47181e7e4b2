/// One named solver in a ``SolverCatalog``: what it takes, and how to build it.
public struct SolverEntry: Sendable {
    /// The base name, without a formulation suffix (e.g. `rk4`, `dpm-solver-3`).
    public let name: String
    /// One line saying what the solver is.
    public let summary: String
    /// The formulation used when the name has no `@` suffix, or nil when the solver takes
    /// none (its updates are written for diffusion models, not for a formulation of the ODE).
    public let defaultFormulation: ODEFormulation?
    /// The settings the solver reads from a ``SolverConfiguration``; any other is refused.
    public let settings: Set<SolverSetting>
    /// Builds the solver (the configuration's formulation is resolved before the call).
    public let make: @Sendable (SolverConfiguration) throws -> any Solver

    /// An entry named `name` taking `settings`, whose solver `make` builds.
    public init(
        name: String, summary: String, defaultFormulation: ODEFormulation? = nil, settings: Set<SolverSetting> = [],
        make: @escaping @Sendable (SolverConfiguration) throws -> any Solver
    ) {
        self.name = name
        self.summary = summary
        self.defaultFormulation = defaultFormulation
        self.settings = settings
        self.make = make
    }

    /// Whether the name takes a formulation suffix (`@t`, `@lambda`, ...).
    public var takesFormulation: Bool { defaultFormulation != nil }

    /// The name as a listing shows it: `rk4[@t|@lambda|@lambda-scaled|@sigma]` or `ddim`.
    public var displayName: String {
        takesFormulation ? "\(name)[\(ODEFormulation.suffixList)]" : name
    }

    /// The solver with default settings (for listing its order and cost).
    public var prototype: (any Solver)? {
        try? make(SolverConfiguration(formulation: defaultFormulation))
    }
}
