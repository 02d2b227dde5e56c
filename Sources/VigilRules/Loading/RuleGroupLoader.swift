import VigilCore

/// Builds the groups of rule files: every file is read and checked, every
/// problem in every file reported, and only a complete, valid set of files
/// yields groups (Prometheus refuses a rule set with any error).
public struct RuleGroupLoader: Sendable {
    public var loader: RuleFileLoader

    public init(loader: RuleFileLoader = RuleFileLoader(validator: .standard())) {
        self.loader = loader
    }

    /// The groups of `paths`, in file and group order, all in the querier's
    /// language. `restored: false` holds back `ALERTS` until a restore (a
    /// ``RuleManager`` decides that itself).
    public func groups(from paths: [String], querier: RuleQuerier, environment: RuleEnvironment,
                       restored: Bool = true) throws(RuleFileErrors) -> [RuleGroup] {
        var files: [RuleFile] = []
        var errors: [RuleFileError] = []
        for path in paths {
            do {
                files.append(try loader.load(path: path, language: querier.language))
            } catch let failure as RuleFileErrors {
                errors += failure.errors
            } catch {
                errors.append(RuleFileError(file: path, position: nil, message: "\(error)"))
            }
        }
        if !errors.isEmpty { throw RuleFileErrors(errors) }
        return files.flatMap { file in
            file.groups.map {
                RuleGroup($0, file: file.path, querier: querier, environment: environment, restored: restored)
            }
        }
    }
}
