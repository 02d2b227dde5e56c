import Testing
import VigilSyntax

/// Experimental syntax is off by default and rejected with the message
/// Prometheus gives when the feature flag is off.
@Suite struct OptionsTests {
    @Test(arguments: [
        ("info(x)", #"1:1: parse error: function "info" is not enabled"#),
        ("mad_over_time(x[5m])", #"1:1: parse error: function "mad_over_time" is not enabled"#),
        ("step()", #"1:1: parse error: function "step" is not enabled"#),
        ("limitk(1, x)", "1:1: parse error: limitk() is experimental and must be enabled with "
            + "--enable-feature=promql-experimental-functions"),
        ("limit_ratio(0.5, x)", "1:1: parse error: limit_ratio() is experimental and must be enabled with "
            + "--enable-feature=promql-experimental-functions"),
        ("foo[5m+1m]", "1:5: parse error: experimental duration expression is not enabled"),
        ("foo[(5m)]", "1:5: parse error: experimental duration expression is not enabled"),
        ("foo[5m:step()]", "1:8: parse error: experimental duration expression is not enabled"),
        ("foo offset step()", "1:12: parse error: experimental duration expression is not enabled"),
        ("foo offset (1h * 2)", "1:12: parse error: experimental duration expression is not enabled"),
        ("foo[5m] anchored", "1:1: parse error: anchored modifier is experimental and not enabled"),
        ("foo smoothed", "1:1: parse error: smoothed modifier is experimental and not enabled"),
        ("a + fill(0) b", "1:1: parse error: binop fill modifiers are experimental and not enabled"),
        ("a + on(x) fill_left(0) b", "1:1: parse error: binop fill modifiers are experimental and not enabled"),
    ])
    func gatedByDefault(query: String, message: String) throws {
        #expect(errorText(query) == message)
        _ = try parse(query, options: .all)
    }

    @Test func eachOptionEnablesItsOwnSyntax() throws {
        var options = PromQLParser.Options()
        options.experimentalFunctions = true
        _ = try parse("sort_by_label(x, \"a\")", options: options)
        #expect(errorText("foo[5m+1m]", options: options).contains("experimental duration expression"))
        options = PromQLParser.Options(durationExpressions: true)
        _ = try parse("foo[5m+1m] offset (step())", options: options)
        options = PromQLParser.Options(extendedRangeSelectors: true)
        _ = try parse("rate(foo[5m] smoothed)", options: options)
        options = PromQLParser.Options(binopFillModifiers: true)
        _ = try parse("a + fill(0) b", options: options)
        // Non-experimental 3.x syntax needs no option.
        _ = try parse("first_over_time(x[5m]) + start_timestamp(x) + rate(foo[300] offset 1.5)")
        _ = try parse(#"{"metric.with.dots"} </ 2"#)
    }

    @Test func nestingIsBounded() throws {
        let deepParens = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(errorText(deepParens).contains("expression nests more than 256 levels deep"))
        let longChain = Array(repeating: "a", count: 5000).joined(separator: " + ")
        #expect(errorText(longChain).contains("expression nests more than 256 levels deep"))
        let deepUnary = String(repeating: "-", count: 5000) + "x"
        #expect(errorText(deepUnary).contains("expression nests more than 256 levels deep"))
        let deepDuration = "foo[" + Array(repeating: "1s", count: 5000).joined(separator: "+") + "]"
        #expect(errorText(deepDuration, options: .all).contains("expression nests more than 256 levels deep"))
        // Up to the limit, every recursive consumer copes.
        let wide = Array(repeating: "a", count: 250).joined(separator: " + ")
        let expr = try parse(wide)
        #expect(try parse(expr.description) == expr)
        #expect(Set([expr, try parse(wide)]).count == 1)
        #expect(expr.pretty(columnLimit: 10).count > wide.count)
        var limited = PromQLParser.Options()
        limited.maximumNesting = 3
        #expect(errorText("a + b + c + d", options: limited).contains("more than 3 levels"))
    }
}
