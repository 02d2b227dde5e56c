import Testing
@testable import VigilCore

@Suite struct LabelsTests {
    @Test func sortsDedupsAndDropsEmptyValues() {
        let labels = Labels([Label("b", "2"), Label("a", "1"), Label("c", ""), Label("a", "3")])
        #expect(labels.names == ["a", "b"])
        #expect(labels["a"] == "3")
        #expect(labels["c"] == nil)
    }

    @Test func ordersBytewiseLikeGo() {
        // "Z" (0x5A) < "a" (0x61) < "é" (0xC3 0xA9) byte-wise.
        let names = ["é", "a", "Z"].sorted(by: GoString.less)
        #expect(names == ["Z", "a", "é"])
        #expect(Labels(["a": "1"]) < Labels(["a": "1", "b": "1"]))
        #expect(Labels(["a": "1", "c": "1"]) > Labels(["a": "1", "b": "9"]))
    }

    @Test func printsPrometheusTextForm() {
        #expect(Labels(["__name__": "up", "job": "api"]).description == #"up{job="api"}"#)
        #expect(Labels(["__name__": "up"]).description == "up")
        #expect(Labels(["job": "a\nb"]).description == #"{job="a\nb"}"#)
        #expect(Labels(["__name__": "http.requests", "job": "x"]).description == #"{"http.requests", job="x"}"#)
        #expect(Labels().description == "{}")
    }

    @Test func settingKeepsOrder() {
        let labels = Labels(["a": "1", "c": "3"]).setting("b", to: "2").setting("a", to: "")
        #expect(labels.pairs == [Label("b", "2"), Label("c", "3")])
    }
}

@Suite struct LabelByteEqualityTests {
    @Test func canonicallyEquivalentValuesAreDistinctLabels() {
        let composed = Labels(["city": "\u{E9}"]), decomposed = Labels(["city": "e\u{301}"])
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
        #expect(composed["city"] == "\u{E9}")
        #expect(Labels.compare(composed, decomposed) != 0)
    }
}
