import RealModule

/// k-diffusion's stochastic samplers (Crowson), on the variable y = x/alpha and the levels
/// s = sigma-tilde, with D(y, s) the data prediction, `eta` the share of the ancestral noise and
/// `sNoise` its scale:
///
/// - `k-euler-ancestral` (`sample_euler_ancestral`): s_up = min(s', eta sqrt(s'^2 (s^2 - s'^2)/s^2)),
///   s_down = sqrt(s'^2 - s_up^2); y = y + (s_down - s)(y - D)/s, then + sNoise s_up z.
/// - `k-dpmpp-2s-ancestral` (`sample_dpmpp_2s_ancestral`): DPM-Solver++(2S) to s_down in
///   t = -log s (midpoint at the geometric mean, two evaluations), then the same noise.
/// - `k-dpmpp-2m-sde` (`sample_dpmpp_2m_sde`): with h = log(s/s'), y = (s'/s) e^(-eta h) y +
///   (1 - e^(-(1 + eta) h)) D, plus the midpoint or heun correction on D - D_prev, plus
///   sNoise s' sqrt(1 - e^(-2 eta h)) z.
/// - `k-dpmpp-3m-sde` (`sample_dpmpp_3m_sde`): the third-order multistep analogue.
///
/// A step into s = 0 is y = D with no noise. At eta = 0 the ancestral samplers are Euler and
/// DPM-Solver++(2S), and 2M-SDE (midpoint) is DPM-Solver++(2M). The noise is drawn as
/// k-diffusion's defaults: a Brownian path for 2M-SDE and 3M-SDE, independent draws for the
/// ancestral samplers (``NoiseKind``).
public struct KDiffusionStochasticSampler: Solver {
    /// The four samplers.
    public enum Method: String, CaseIterable, Sendable {
        case eulerAncestral = "k-euler-ancestral"
        case dpmpp2SAncestral = "k-dpmpp-2s-ancestral"
        case dpmpp2MSDE = "k-dpmpp-2m-sde"
        case dpmpp3MSDE = "k-dpmpp-3m-sde"
    }

    /// Which sampler.
    public let method: Method
    /// The share of ancestral noise, >= 0 (1: k-diffusion's default).
    public let eta: Double
    /// The scale of the noise, >= 0 (1).
    public let sNoise: Double
    /// 2M-SDE's correction.
    public let solverType: SDESolverType
    /// Brownian-path or independent step noise.
    public let noise: NoiseKind
    /// The seed of the step noise.
    public let seed: UInt64

    /// A sampler of `method`; the noise kind defaults to k-diffusion's for it.
    /// - Throws: ``DiffusionODEError`` unless eta and sNoise are finite and >= 0.
    public init(method: Method, eta: Double = 1, sNoise: Double = 1, solverType: SDESolverType = .midpoint, noise: NoiseKind? = nil, seed: UInt64 = 0) throws {
        guard eta.isFinite, eta >= 0 else {
            throw DiffusionODEError.invalidArgument("eta", "must be a finite number >= 0, got \(eta)")
        }
        guard sNoise.isFinite, sNoise >= 0 else {
            throw DiffusionODEError.invalidArgument("s-noise", "must be a finite number >= 0, got \(sNoise)")
        }
        self.method = method
        self.eta = eta
        self.sNoise = sNoise
        self.solverType = solverType
        self.noise = noise ?? (method == .dpmpp2MSDE || method == .dpmpp3MSDE ? .brownian : .independent)
        self.seed = seed
    }

    /// The command-line name.
    public var name: String { method.rawValue }
    /// Strong order 1 with noise (additive noise); the ODE order at eta = 0.
    public var order: Int {
        guard eta == 0 || sNoise == 0 else { return 1 }
        switch method {
        case .eulerAncestral: return 1
        case .dpmpp2SAncestral, .dpmpp2MSDE: return 2
        case .dpmpp3MSDE: return 2
        }
    }
    /// One evaluation per step (two for 2S).
    public var stepControl: StepControl { .fixed(evaluationsPerStep: method == .dpmpp2SAncestral ? 2 : 1) }
    /// Karras et al.'s grid, k-diffusion's default.
    public var defaultSpacing: TimeSpacing { .karras() }
    /// Stochastic unless eta or sNoise is 0.
    public var isStochastic: Bool { eta > 0 && sNoise > 0 }

    /// Runs over the fixed grid in sigma-tilde.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let grid = try FixedStepGrid(discretization, problem: problem, solver: self)
        let plan = grid.plan
        let schedule = problem.schedule
        let ode = ProbabilityFlowODE(schedule: schedule, formulation: .sigma)
        let loop = SolveLoop(problem, solverName: name, options: options, stateMapping: ode)
        let rows = problem.initial.rows, columns = problem.initial.columns
        let stepNoise = try StepNoise(noise, seed: seed, problem: problem, levels: grid.levels)
        var denoised = Batch(rows: rows, columns: columns)
        var previous = Batch(rows: rows, columns: columns)
        var older = Batch(rows: method == .dpmpp3MSDE ? rows : 0, columns: columns)
        var scratch = Batch(rows: rows, columns: columns)
        var middle = Batch(rows: method == .dpmpp2SAncestral ? rows : 0, columns: columns)
        var z = Batch(rows: rows, columns: columns)
        var stored = 0
        var lastWidths = (0.0, 0.0)
        /// D(y, level) into `output`: the data prediction of x = alpha y.
        func model(_ y: Batch, at level: NoiseLevel, into output: inout Batch) throws {
            scratch.assign(level.alpha, y)
            try loop.evaluator.data(scratch, at: level, into: &output)
        }
        return try loop.run(plan: plan) { y, index in
            let start = plan[index].start, end = plan[index].end
            let s = start.sigmaTilde, next = end.sigmaTilde
            try model(y, at: start, into: &denoised)
            if end.isClean {
                y.copyValues(from: denoised)
                return
            }
            switch method {
            case .eulerAncestral, .dpmpp2SAncestral:
                let up = min(next, eta * (next * next * (s * s - next * next) / (s * s)).squareRoot())
                let down = (next * next - up * up).squareRoot()
                if method == .eulerAncestral || down == 0 {
                    y.scaleAndAdd(1 + (down - s) / s, -(down - s) / s, denoised)
                } else {
                    let h = Double.log(s / down)
                    let mid = Double.exp(-(-Double.log(s) + h / 2))
                    middle.assign(mid / s, y, -Double.expMinusOne(-h / 2), denoised)
                    try model(middle, at: schedule.level(atSigmaTilde: mid), into: &denoised)
                    y.scaleAndAdd(down / s, -Double.expMinusOne(-h), denoised)
                }
                if up > 0 && sNoise > 0 {
                    stepNoise.fill(&z, from: start, to: end)
                    y.add(sNoise * up, z)
                }
            case .dpmpp2MSDE:
                let h = Double.log(s / next), etaH = eta * h
                let gain = -Double.expMinusOne(-h - etaH)
                y.scaleAndAdd(next / s * Double.exp(-etaH), gain, denoised)
                if stored >= 1 {
                    let r = lastWidths.0 / h
                    let weight = solverType == .midpoint ? 0.5 * gain / r : (gain / (-h - etaH) + 1) / r
                    y.add(weight, denoised)
                    y.add(-weight, previous)
                }
                if eta > 0 && sNoise > 0 {
                    stepNoise.fill(&z, from: start, to: end)
                    y.add(sNoise * next * (-Double.expMinusOne(-2 * etaH)).squareRoot(), z)
                }
                swap(&previous, &denoised)
                stored = 1
                lastWidths = (h, 0)
            case .dpmpp3MSDE:
                let h = Double.log(s / next), etaH = (eta + 1) * h
                y.scaleAndAdd(Double.exp(-etaH), -Double.expMinusOne(-etaH), denoised)
                let phi2 = Double.expMinusOne(-etaH) / etaH + 1
                let phi3 = phi2 / etaH - 0.5
                if stored >= 2 {
                    let r0 = lastWidths.0 / h, r1 = lastWidths.1 / h
                    // d1 = d10 + (d10 - d11) r0/(r0 + r1), d2 = (d10 - d11)/(r0 + r1), as weights on D, D1, D2.
                    let a = r0 / (r0 + r1), b = 1 / (r0 + r1)
                    let onD = (1 + a) / r0 * phi2 - b / r0 * phi3
                    let onPrevious = -(1 + a) / r0 * phi2 - a / r1 * phi2 + b / r0 * phi3 + b / r1 * phi3
                    let onOlder = a / r1 * phi2 - b / r1 * phi3
                    y.add(onD, denoised)
                    y.add(onPrevious, previous)
                    y.add(onOlder, older)
                } else if stored == 1 {
                    let r = lastWidths.0 / h
                    y.add(phi2 / r, denoised)
                    y.add(-phi2 / r, previous)
                }
                if eta > 0 && sNoise > 0 {
                    stepNoise.fill(&z, from: start, to: end)
                    y.add(sNoise * next * (-Double.expMinusOne(-2 * h * eta)).squareRoot(), z)
                }
                swap(&older, &previous)
                swap(&previous, &denoised)
                stored = min(stored + 1, 2)
                lastWidths = (h, lastWidths.0)
            }
        }
    }
}
