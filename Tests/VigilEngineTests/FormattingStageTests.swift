import Testing
import VigilCore
@testable import VigilEngine

/// `line_format`, `label_format`, `drop`, `keep`.
@Suite struct FormattingStageTests {
    let fixture: LogFixture

    init() throws {
        fixture = try LogFixture([(["app": "a", "env": "prod"], [(s(1), "level=info method=GET path=/x msg=hi")])])
    }

    func first(_ pipeline: String) throws -> (String, String) {
        try fixture.lines(#"{app="a"} | logfmt "# + pipeline).first ?? ("", "")
    }

    @Test func lineFormat() throws {
        #expect(try first(#"| line_format "{{.method}} {{.path | ToUpper}}""#).1 == "GET /X")
        #expect(try first(#"| line_format "{{.missing}}""#).1 == "")
        #expect(try first(#"| line_format "{{.level}}|{{__line__}}""#).1 == "info|level=info method=GET path=/x msg=hi")
        let failed = try first(#"| line_format "{{div 1 0}}""#)
        #expect(failed.1 == "level=info method=GET path=/x msg=hi")
        #expect(failed.0.contains(#"__error__="TemplateFormatErr""#))
    }

    @Test func labelFormat() throws {
        #expect(try first("| label_format lvl=level").0
                == #"{app="a", env="prod", lvl="info", method="GET", msg="hi", path="/x"}"#)
        #expect(try first(#"| label_format route="{{.method}} {{.path}}", level="x{{.level}}""#).0
                == #"{app="a", env="prod", level="xinfo", method="GET", msg="hi", path="/x", route="GET /x"}"#)
        // Templates see the labels as the stage found them.
        #expect(try first(#"| label_format a="1", b="{{.a}}""#).0
                == #"{a="1", app="a", env="prod", level="info", method="GET", msg="hi", path="/x"}"#)
        #expect(try first("| label_format stage=env").0
                == #"{app="a", level="info", method="GET", msg="hi", path="/x", stage="prod"}"#)
    }

    @Test func dropAndKeep() throws {
        #expect(try first(#"| drop level, method="POST", path="/x""#).0 == #"{app="a", env="prod", method="GET", msg="hi"}"#)
        #expect(try first("| keep app, level").0 == #"{app="a", level="info"}"#)
        #expect(try first(#"| keep method="POST", path"#).0 == #"{path="/x"}"#)
        // keep never removes the error labels.
        #expect(try first(#"| line_format "{{div 1 0}}" | keep app"#).0.contains("__error__"))
    }
}
