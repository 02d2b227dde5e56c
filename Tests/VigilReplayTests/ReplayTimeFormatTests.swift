import Testing
import VigilReplay

@Suite struct ReplayTimeFormatTests {
    @Test func rfc3339() {
        #expect(ReplayTimeFormat.rfc3339(1_766_887_200_000) == "2025-12-28T02:00:00Z")
        #expect(ReplayTimeFormat.rfc3339(1_766_887_203_269) == "2025-12-28T02:00:03.269Z")
        #expect(ReplayTimeFormat.rfc3339(0) == "1970-01-01T00:00:00Z")
        #expect(ReplayTimeFormat.timeOfDay(1_766_891_040_000) == "03:04:00Z")
    }

    @Test func offsets() {
        #expect(ReplayTimeFormat.offset(64 * minute, from: 0) == "+64m")
        #expect(ReplayTimeFormat.offset(67 * minute + 30 * second, from: 0) == "+67m30s")
        #expect(ReplayTimeFormat.offset(5 * second, from: 0) == "+0m05s")
        #expect(ReplayTimeFormat.offset(2_500, from: 0) == "+0m02.5s")
        #expect(ReplayTimeFormat.offset(0, from: minute) == "-1m")
        #expect(ReplayTimeFormat.offset(.max, from: -1) == "+?")
    }
}
