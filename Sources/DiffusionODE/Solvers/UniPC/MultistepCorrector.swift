/// A corrector a multistep predictor can run after each step but the last, at no extra
/// model evaluation (`--corrector`).
public enum MultistepCorrector: String, CaseIterable, Sendable {
    /// UniPC's UniC (Zhao et al., 2023): evaluates the model at the prediction (the evaluation
    /// the next step needs anyway), corrects with it, and stores it as history; it raises a
    /// predictor of order q to q + 1 (DPM-Solver++(2M): 3).
    case unic
}
