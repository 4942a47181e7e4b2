/// Solvers by name, as the command line and the studies name them.
///
/// Each solver family contributes one catalog, in its own folder (`DDIM+Catalog.swift`,
/// `DPMSolver+Catalog.swift`, `RungeKutta+Catalog.swift`; GSL's in `DiffusionODEGSL`);
/// ``standard`` joins the core module's, and ``merging(_:)`` adds others. A name may carry a
/// formulation suffix, `rk4@t`, when its entry takes one.
public struct SolverCatalog: Sendable {
    /// The entries, in listing order.
    public let entries: [SolverEntry]

    /// A catalog of `entries`, listed in the given order.
    public init(entries: [SolverEntry]) {
        self.entries = entries
    }

    /// The catalogs joined, in order.
    public init(joining catalogs: [SolverCatalog]) {
        self.entries = catalogs.flatMap(\.entries)
    }

    /// This catalog followed by the entries of `other`.
    public func merging(_ other: SolverCatalog) -> SolverCatalog {
        SolverCatalog(entries: entries + other.entries)
    }

    /// Every name a user may give, formulation suffixes spelled out.
    public var names: [String] {
        entries.flatMap { entry in
            entry.takesFormulation ? ODEFormulation.allCases.map { "\(entry.name)@\($0.rawValue)" } : [entry.name]
        }
    }

    /// The entry of `name` (with or without a formulation suffix) and the formulation it names.
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` for an unknown name or suffix,
    ///   listing the valid ones.
    public func entry(named name: String) throws -> (entry: SolverEntry, formulation: ODEFormulation?) {
        let parts = name.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let baseName = parts[0]
        guard let entry = entries.first(where: { $0.name == baseName }) else {
            throw DiffusionODEError.invalidArgument("solver", "unknown solver '\(name)'; valid: \(entries.map(\.displayName).joined(separator: ", "))")
        }
        guard parts.count == 2 else { return (entry, entry.defaultFormulation) }
        guard entry.takesFormulation else {
            throw DiffusionODEError.invalidArgument("solver", "'\(baseName)' takes no formulation suffix; '@\(parts[1])' applies to the Runge-Kutta and GSL solvers only")
        }
        guard let formulation = ODEFormulation(rawValue: parts[1]) else {
            throw DiffusionODEError.invalidArgument("solver", "unknown formulation '@\(parts[1])' in '\(name)'; valid: \(ODEFormulation.suffixList)")
        }
        return (entry, formulation)
    }

    /// The solver called `name` (e.g. `dpm-solver-2`, `rk4@t`), built with `configuration`
    /// (a name's suffix overrides the configuration's formulation).
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` for an unknown name or suffix,
    ///   listing the valid ones.
    public func solver(named name: String, configuration: SolverConfiguration = SolverConfiguration()) throws -> any Solver {
        let (entry, formulation) = try entry(named: name)
        var configuration = configuration
        configuration.formulation = formulation
        return try configuration.firstStep.applied(to: try entry.make(configuration))
    }

    /// Refuses settings the solver called `name` does not take, naming the first such
    /// option, the solver, and the solvers that do take it.
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` named after the option.
    public func checkSettings(_ given: Set<SolverSetting>, forSolverNamed name: String) throws {
        let (entry, _) = try entry(named: name)
        guard let refused = given.subtracting(entry.settings).sorted().first else { return }
        let takers = entries.filter { $0.settings.contains(refused) }.map(\.name)
        let option = refused.optionNames.map { "--\($0)" }.joined(separator: "/")
        throw DiffusionODEError.invalidArgument(
            refused.rawValue, "\(entry.name) does not take \(option); it applies to \(takers.isEmpty ? "no solver in this catalog" : takers.joined(separator: ", "))"
        )
    }
}
