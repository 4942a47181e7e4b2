/// One row of the DDIM eta table: a value of eta, or DDPM's larger variance ("hat").
public enum EtaSetting: Sendable, Equatable, CustomStringConvertible {
    /// Stochastic DDIM with this eta (0: the ODE; 1: DDPM's posterior variance).
    case eta(Double, label: String)
    /// DDPM's ancestral sampler with sigma-hat (the DDIM paper's row "sigma-hat").
    case hat

    /// Parses `0`, `0.2`, `1` or `hat`; the label keeps the text as given.
    public init?(_ text: String) {
        if text == "hat" {
            self = .hat
        } else if let value = Double(text), value.isFinite, value >= 0 {
            self = .eta(value, label: text)
        } else {
            return nil
        }
    }

    /// The row label: eta as given, or `hat`.
    public var description: String {
        switch self {
        case .eta(_, let label): return label
        case .hat: return "hat"
        }
    }
}
