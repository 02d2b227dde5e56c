import VigilCore
import VigilSyntax
import VigilTemplate

/// A compiled log pipeline: Loki's stages in Loki's order (line filters
/// moved forward past parsers and label edits, but not past label filters,
/// `line_format` or `unpack`; consecutive line filters combined), run on
/// one line at a time.
final class LogPipeline {
    let names: LabelNameTable
    let stages: [any LogStage]
    /// Labels the stages read (Loki's `RequiredLabelNames`), for parser hints.
    let requiredLabels: [String]
    /// Every label a stage can read, including `drop`/`keep` matchers
    /// (which Loki's hints leave out): what a first, filtering pass over a
    /// log query must extract to decide exactly which lines survive.
    let readLabels: [String]
    /// Whether any stage runs a template (which may read every label).
    let usesTemplates: Bool
    /// Whether the stages can change labels or the line (not only filter).
    let changesEntries: Bool

    init(_ stages: [PipelineStage], names: LabelNameTable, hints: ExtractionHints) throws {
        self.names = names
        var compiled: [any LogStage] = []
        var required: [String] = []
        var read: [String] = []
        var usesTemplates = false
        var changesEntries = false
        for (index, group) in Self.reorder(stages).enumerated() {
            let stage = Int16(clamping: index)
            switch group {
            case .lineFilters(let filters):
                compiled.append(try LineFilterStage(filters))
            case .stage(let stage_):
                if case .labelFilter = stage_ {} else { changesEntries = true }
                let built = try Self.build(stage_, names: names, hints: hints, stage: stage)
                compiled.append(built)
                required.append(contentsOf: Self.requiredLabels(of: stage_))
                read.append(contentsOf: Self.requiredLabels(of: stage_))
                if case .drop(let entries) = stage_ { read.append(contentsOf: entries.map(\.name)) }
                if case .keep(let entries) = stage_ { read.append(contentsOf: entries.map(\.name)) }
                if case .lineFormat = stage_ { usesTemplates = true }
                if case .labelFormat(let operations) = stage_,
                   operations.contains(where: { if case .template = $0 { return true } else { return false } }) {
                    usesTemplates = true
                }
            }
        }
        self.stages = compiled
        var unique: [String] = []
        for name in required where !unique.contains(name) { unique.append(name) }
        requiredLabels = unique
        var readUnique: [String] = []
        for name in read where !readUnique.contains(name) { readUnique.append(name) }
        readLabels = readUnique
        self.usesTemplates = usesTemplates
        self.changesEntries = changesEntries
    }

    /// Runs every stage; false as soon as one drops the line.
    @inline(__always)
    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        for stage in stages where !stage.process(&line, &labels) { return false }
        return true
    }

    enum Group {
        case lineFilters([LineFilter])
        case stage(PipelineStage)
    }

    /// Loki's `MultiStageExpr.reorderStages`.
    static func reorder(_ stages: [PipelineStage]) -> [Group] {
        var result: [Group] = []
        var lineFilters: [LineFilter] = []
        var others: [PipelineStage] = []
        func flush() {
            if !lineFilters.isEmpty { result.append(.lineFilters(lineFilters)) }
            result.append(contentsOf: others.map(Group.stage))
            lineFilters.removeAll()
            others.removeAll()
        }
        for stage in stages {
            switch stage {
            case .labelFilter:
                flush()
                result.append(.stage(stage))
            case .lineFilter(let filter):
                lineFilters.append(filter)
            case .lineFormat:
                // A line filter after line_format must still see the formatted line.
                others.append(stage)
                flush()
            case .unpack:
                others.append(stage)
                flush()
            default:
                others.append(stage)
            }
        }
        flush()
        return result
    }

    static func build(_ stage: PipelineStage, names: LabelNameTable, hints: ExtractionHints, stage index: Int16) throws
        -> any LogStage
    {
        switch stage {
        case .lineFilter(let filter): return try LineFilterStage([filter])
        case .json(let extractions):
            if extractions.isEmpty { return JSONLabelParser(names: names, hints: hints, stage: index) }
            return JSONExpressionParser(names: names, hints: hints, stage: index, extractions: extractions)
        case .logfmt(let parser):
            if parser.extractions.isEmpty {
                return LogfmtLabelParser(names: names, hints: hints, stage: index, strict: parser.strict,
                                         keepEmpty: parser.keepEmpty)
            }
            return LogfmtExpressionParser(names: names, hints: hints, stage: index, parser: parser)
        case .regexp(let pattern): return try RegexpLabelParser(pattern: pattern, names: names, hints: hints, stage: index)
        case .pattern(let text):
            return PatternLabelParser(pattern: try LogPattern.parseExtraction(text), names: names, hints: hints, stage: index)
        case .unpack: return UnpackParser(names: names, hints: hints, stage: index)
        case .labelFilter(let filter): return try LabelFilterStage(filter, names: names)
        case .lineFormat(let text): return try LineFormatStage(text, names: names)
        case .labelFormat(let operations): return try LabelFormatStage(operations, names: names, stage: index)
        case .decolorize: return try DecolorizeStage()
        case .drop(let entries): return DropLabelsStage(entries, names: names)
        case .keep(let entries): return KeepLabelsStage(entries, names: names)
        }
    }

    /// Loki's `RequiredLabelNames` of a stage.
    static func requiredLabels(of stage: PipelineStage) -> [String] {
        switch stage {
        case .labelFilter(let filter): return filter.labelNames
        case .lineFormat(let text):
            return (try? VigilTemplateFields.lineFormat(text)) ?? []
        case .labelFormat(let operations):
            return operations.flatMap { operation -> [String] in
                switch operation {
                case .rename(_, let source): return [source]
                case .template(let destination, let text): return (try? VigilTemplateFields.labelFormat(destination, text)) ?? []
                }
            }
        default:
            return []
        }
    }
}

/// The label fields a template reads.
enum VigilTemplateFields {
    static func lineFormat(_ text: String) throws -> [String] { try LokiTemplate(lineFormat: text).requiredLabelNames }
    static func labelFormat(_ label: String, _ text: String) throws -> [String] {
        try LokiTemplate(labelFormat: label, text: text).requiredLabelNames
    }
}
