import VigilCore

extension VigilConfig {
    /// What `promtool check config` refuses in a configuration's rule file
    /// lists beyond their syntax: an entry without `*` names one file, and
    /// that file must exist (a pattern with `*` may match nothing). One
    /// message per such entry, in list order (`rule_files`, then
    /// `loki_rule_files`).
    public func missingRuleFiles() -> [String] {
        (ruleFiles + lokiRuleFiles)
            .filter { !$0.contains("*") && FileGlob.expand(resolved($0)).isEmpty }
            .map { "\(GoString.quote($0)) does not point to an existing file" }
    }
}
