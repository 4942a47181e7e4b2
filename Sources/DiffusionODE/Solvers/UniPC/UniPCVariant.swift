/// How UniPC weights its corrections (the UniPC authors' `variant`).
public enum UniPCVariant: String, CaseIterable, Sendable {
    /// B(h) = h (the authors' default).
    case bh1
    /// B(h) = e^h - 1 (diffusers' default); UniP-2 with it is DPM-Solver(++)-2M exactly.
    case bh2
    /// The `vary_coeff` update, exactly as the authors' code has it: its corrector keeps only
    /// the last row of the coefficient inverse for the new point and drops the others (a loop
    /// variable leaks), so with a corrector it is first order for orders 2 and 3 (measured).
    case varyCoeff = "vary-coeff"
    /// `vary_coeff` with a consistent corrector (every row of the inverse applied to every
    /// difference): orders 2, 3, 4 for UniPC-1, 2, 3 as designed.
    case varyCoeffConsistent = "vary-coeff-consistent"
}
