import DiffusionODE
import Foundation
import Testing

/// The strict JSON reader behind problem files: one meaning per document.
@Suite("Strict JSON")
struct JSONValueTests {
    func parse(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Data(text.utf8), source: "test.json")
    }

    func failure(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test("numbers: underflow reads as 0, overflow as infinity, exact values exactly")
    func numbers() throws {
        #expect(try parse("[1e-99999999999999999999999, -1e-400, 1e999, 0.1, -2.5e-3, 17]")
            == .array([.number(0), .number(-0.0), .number(.infinity), .number(0.1), .number(-2.5e-3), .number(17)]))
        #expect(try parse("4.9406564584124654e-324") == .number(Double.leastNonzeroMagnitude))
    }

    @Test("a repeated key is refused with its path; members keep their order")
    func repeatedKeys() throws {
        let message = failure("{\"a\": {\"b\": 1, \"b\": 2}}")
        #expect(message.contains("a.b") && message.contains("twice"), "\(message)")
        guard case .object(let members) = try parse("{\"z\": 1, \"a\": 2}") else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["z", "a"])
        #expect(members.map(\.value) == [.number(1), .number(2)])
    }

    @Test("syntax errors name the line and column; depth is bounded; trailing text is refused")
    func syntaxErrors() {
        let message = failure("{\n  \"a\": [1, 2,]\n}")
        #expect(message.contains("line 2"), "\(message)")
        #expect(failure(String(repeating: "[", count: 300) + String(repeating: "]", count: 300)).contains("deeper"))
        #expect(failure("{} {}") != "accepted")
        #expect(failure("[01]") != "accepted")
        #expect(failure("[NaN]") != "accepted")
    }
}
