/// The scaling of the second divided difference D2 in the third-order multistep update.
///
/// With the history m_0, m_1, m_2 of a smooth m(lambda) and steps h_0, h_1 before the
/// current step h, D2 = (D1_0 - D1_1)/(r0 + r1) tends to h^2 m''/2, while the exponential
/// integral's third term is S phi_3 h^2 m''. The singlestep third-order update builds
/// its D2 to tend to h^2 m'' (a factor 2 in its formula); the multistep update of the
/// reference implementation (and of diffusers and k-diffusion, which follow it) does not,
/// so its local error is O(h^3) and its global order 2.
public enum SecondDifferenceScaling: String, CaseIterable, Sendable {
    /// D2 = (D1_0 - D1_1)/(r0 + r1), as the reference implementation: second order.
    case reference
    /// D2 = 2 (D1_0 - D1_1)/(r0 + r1), consistent with phi_3: third order (with a
    /// full-order start, ``MultistepWarmUp/singlestep``).
    case consistent

    /// The factor c in D2 = c (D1_0 - D1_1)/(r0 + r1).
    var factor: Double { self == .reference ? 1 : 2 }
}
