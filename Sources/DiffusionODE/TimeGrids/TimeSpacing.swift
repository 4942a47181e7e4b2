/// How a fixed-step grid spaces its levels between the start and end times: in t (the
/// DPM-Solver reference's `skip_type`), in lambda, or in sigma-tilde = sigma/alpha as
/// k-diffusion's and EDM's grids are.
public enum TimeSpacing: Sendable, Hashable, CustomStringConvertible {
    /// Uniform in t.
    case timeUniform
    /// Uniform in sqrt(t), then squared (DDIM's quadratic skip for small images).
    case timeQuadratic
    /// Uniform in lambda = log(alpha/sigma), the half log-SNR.
    case logSNR
    /// Karras et al.'s grid, uniform in sigma-tilde^(1/rho) (k-diffusion's `get_sigmas_karras`).
    case karras(rho: Double = 7)
    /// Uniform in log sigma-tilde (k-diffusion's `get_sigmas_exponential`): the logsnr grid
    /// computed in sigma-tilde, equal to it up to rounding.
    case exponential
    /// log sigma-tilde = log sigma_min + r^rho (log sigma_max - log sigma_min) with r uniform
    /// from 1 to 0 (k-diffusion's `get_sigmas_polyexponential`; rho = 1 is `exponential`).
    case polyexponential(rho: Double = 1)
    /// The EDM paper's grid (Karras et al., 2022, Eq. 5): `karras` with rho = 7. On the `edm`
    /// schedule its default span is EDM's own, sigma from 80 to 0.002.
    case edm

    /// The names `--skip` accepts, in listing order.
    public static let names = ["time-uniform", "time-quadratic", "logsnr", "karras", "exponential", "polyexponential", "edm"]

    /// The spacing called `name`, with `rho` for the spacings that take one (their default if nil).
    /// - Throws: ``DiffusionODEError`` for an unknown name, or a rho that is not finite and > 0.
    public init(name: String, rho: Double? = nil) throws {
        if let rho, !(rho.isFinite && rho > 0) {
            throw DiffusionODEError.invalidArgument("rho", "must be a finite number > 0, got \(rho)")
        }
        switch name {
        case "time-uniform": self = .timeUniform
        case "time-quadratic": self = .timeQuadratic
        case "logsnr": self = .logSNR
        case "karras": self = .karras(rho: rho ?? 7)
        case "exponential": self = .exponential
        case "polyexponential": self = .polyexponential(rho: rho ?? 1)
        case "edm": self = .edm
        default:
            throw DiffusionODEError.invalidArgument("skip", "unknown spacing '\(name)'; valid: \(Self.names.joined(separator: ", "))")
        }
        if rho != nil, self.rho == nil {
            throw DiffusionODEError.invalidArgument("rho", "applies to karras and polyexponential, not \(name)")
        }
    }

    /// The name, as `--skip` takes it.
    public var name: String {
        switch self {
        case .timeUniform: return "time-uniform"
        case .timeQuadratic: return "time-quadratic"
        case .logSNR: return "logsnr"
        case .karras: return "karras"
        case .exponential: return "exponential"
        case .polyexponential: return "polyexponential"
        case .edm: return "edm"
        }
    }

    /// The name (kept for the string-valued spacing of earlier versions).
    public var rawValue: String { name }

    /// The exponent of `karras` and `polyexponential`, nil for the others.
    public var rho: Double? {
        switch self {
        case .karras(let rho), .polyexponential(let rho): return rho
        default: return nil
        }
    }

    /// The name, with rho when it is not the default: `karras`, `karras(rho 5)`.
    public var description: String {
        switch self {
        case .karras(let rho) where rho != 7, .polyexponential(let rho) where rho != 1: return "\(name)(rho \(rho))"
        default: return name
        }
    }

    /// The spacings with their default parameters.
    public static let allCases: [TimeSpacing] = [.timeUniform, .timeQuadratic, .logSNR, .karras(), .exponential, .polyexponential(), .edm]

    /// The DPM-Solver reference's three spacings in t and lambda.
    public static let referenceSpacings: [TimeSpacing] = [.timeUniform, .timeQuadratic, .logSNR]
}
