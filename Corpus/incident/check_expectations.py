#!/usr/bin/env python3
"""Checks that the recorded incident does what README.md says, rule by rule.

For every rule in Corpus/rules this recomputes, from metrics.om.zst and
logs.jsonl.zst alone, the rule's condition at each evaluation of its group
(every 30 s or 1 min from the recording's start) with textbook formulas:
increase = sum of the rises between the samples inside the window (a drop
counts as a reset, no extrapolation), rate = increase / window, instant
values looked up 5 minutes back, histogram_quantile interpolating linearly
inside the classic bucket, Loki counts of the lines in the window. It then
asserts that the condition is true throughout each designed interval and
false everywhere else, allowing a margin at each edge (textbook formulas and
the engines differ there by an evaluation or two), and prints when each alert
would go pending, fire and resolve on that grid.

This is the corpus's sanity check, not Vigil's test: the data must tell the
story the README tells.

    python3 Corpus/incident/check_expectations.py            # assert, print the timeline
    python3 Corpus/incident/check_expectations.py --prometheus
        # also evaluate every Prometheus alert expression with the real Prometheus
        # (/usr/bin/prometheus, blocks made by /usr/bin/promtool) on the same grid and
        # compare its true intervals with the textbook ones

Python 3 standard library only; needs the zstd command-line tool.
"""

import bisect
import calendar
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "..", "rules")
START_MS = 1766887200 * 1000  # 2025-12-28T02:00:00Z
START_NS = START_MS * 1_000_000
MINUTES = 180
LOOKBACK_MS = 5 * 60_000
MIN = 60_000


def minutes(ms):
    return (ms - START_MS) / MIN


# ---------------------------------------------------------------- reading the recording

def zstd_text(path):
    return subprocess.run(["zstd", "-dc", path], check=True, capture_output=True).stdout.decode()


LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


class Series:
    __slots__ = ("name", "labels", "ts", "values")

    def __init__(self, name, labels):
        self.name, self.labels, self.ts, self.values = name, labels, [], []

    def window(self, t, width):
        """Values with t - width < timestamp <= t."""
        lo = bisect.bisect_right(self.ts, t - width)
        hi = bisect.bisect_right(self.ts, t)
        return self.values[lo:hi]

    def instant(self, t):
        hi = bisect.bisect_right(self.ts, t)
        if hi == 0 or self.ts[hi - 1] <= t - LOOKBACK_MS:
            return None
        return self.values[hi - 1]


def load_metrics(path):
    series = {}
    for line in zstd_text(path).splitlines():
        if not line or line[0] == "#":
            continue
        head, value, stamp = line.rsplit(" ", 2)
        brace = head.index("{")
        name, labels = head[:brace], dict(LABEL.findall(head[brace:]))
        key = (name, tuple(sorted(labels.items())))
        s = series.get(key)
        if s is None:
            s = series[key] = Series(name, labels)
        s.ts.append(int(round(float(stamp) * 1000)))
        s.values.append(float(value))
    by_name = {}
    for s in series.values():
        by_name.setdefault(s.name, []).append(s)
    return by_name


class Entry:
    __slots__ = ("ns", "labels", "line", "fields")

    def __init__(self, ns, labels, line):
        self.ns, self.labels, self.line = ns, labels, line
        try:
            self.fields = json.loads(line)
            if not isinstance(self.fields, dict):
                self.fields = None
        except ValueError:
            self.fields = None


def parse_rfc3339(text):
    date, frac = text[:19], text[19:-1]
    secs = calendar.timegm(time.strptime(date, "%Y-%m-%dT%H:%M:%S"))
    nanos = int((frac[1:] + "000000000")[:9]) if frac else 0
    return secs * 1_000_000_000 + nanos


def load_logs(path):
    entries = []
    for line in zstd_text(path).splitlines():
        record = json.loads(line)
        if list(record) != ["labels", "line", "timestamp"]:
            raise AssertionError("logcli jsonl keys out of order: %s" % line[:80])
        entries.append(Entry(parse_rfc3339(record["timestamp"]), record["labels"], record["line"]))
    entries.sort(key=lambda e: e.ns)
    return entries


# ---------------------------------------------------------------- textbook PromQL

def increase(values):
    if len(values) < 2:
        return None
    total = 0.0
    for a, b in zip(values, values[1:]):
        total += b - a if b >= a else b
    return total


def rate(s, t, width):
    inc = increase(s.window(t, width))
    return None if inc is None else inc / (width / 1000)


def key_of(labels, names):
    return tuple(labels.get(n, "") for n in names)


def sum_by(pairs, names):
    out = {}
    for labels, v in pairs:
        if v is not None:
            k = key_of(labels, names)
            out[k] = out.get(k, 0.0) + v
    return out


def quantile(q, buckets):
    """histogram_quantile over {upper bound: cumulative rate} of one group."""
    bounds = sorted(buckets)
    if not bounds or bounds[-1] != math.inf:
        return None
    total = buckets[math.inf]
    if total == 0:
        return None
    rank = q * total
    prev_bound, prev_count = 0.0, 0.0
    for b in bounds:
        c = buckets[b]
        if c >= rank:
            if b == math.inf:
                return bounds[-2]
            if b <= 0:
                return b
            return prev_bound + (b - prev_bound) * (rank - prev_count) / (c - prev_count)
        prev_bound, prev_count = b, c
    return bounds[-2]


def matches(value, matcher):
    """"=x", "~regex" or "!~regex", regexes anchored at both ends as PromQL anchors them."""
    if matcher.startswith("!~"):
        return re.fullmatch(matcher[2:], value, re.S) is None
    if matcher.startswith("~"):
        return re.fullmatch(matcher[1:], value, re.S) is not None
    return value == matcher


class Prom:
    def __init__(self, by_name):
        self.m = by_name

    def of(self, name, **match):
        out = []
        for s in self.m.get(name, []):
            if all(matches(s.labels.get(k, ""), v) for k, v in match.items()):
                out.append(s)
        return out

    def rates(self, name, t, width, **match):
        return [(s.labels, rate(s, t, width)) for s in self.of(name, **match)]

    def increases(self, name, t, width, **match):
        return [(s.labels, increase(s.window(t, width))) for s in self.of(name, **match)]

    def instants(self, name, t, **match):
        return [(s.labels, s.instant(t)) for s in self.of(name, **match)]

    def error_ratio(self, t):
        errors = sum_by(self.rates("http_requests_total", t, 5 * MIN, status="~5.."), ["service", "environment"])
        total = sum_by(self.rates("http_requests_total", t, 5 * MIN), ["service", "environment"])
        return {k: errors[k] / total[k] for k in errors if total.get(k)}

    def latency_quantile(self, q, t):
        groups = {}
        for labels, v in self.rates("http_request_duration_seconds_bucket", t, 5 * MIN):
            if v is None:
                continue
            g = groups.setdefault(key_of(labels, ["service", "environment"]), {})
            le = math.inf if labels["le"] == "+Inf" else float(labels["le"])
            g[le] = g.get(le, 0.0) + v
        out = {}
        for k, buckets in groups.items():
            v = quantile(q, buckets)
            if v is not None:
                out[k] = v
        return out

    def ratio(self, num, den, t, **match):
        dens = {tuple(sorted(l.items())): v for l, v in self.instants(den, t, **match) if v is not None}
        out = []
        for labels, v in self.instants(num, t, **match):
            d = dens.get(tuple(sorted(labels.items())))
            if v is not None and d:
                out.append((labels, v / d))
        return out


# ---------------------------------------------------------------- textbook LogQL

class Loki:
    def __init__(self, entries):
        self.entries = entries
        self.ns = [e.ns for e in entries]

    def window(self, t_ms, width_ms, offset_ms=0):
        end = (t_ms - offset_ms) * 1_000_000
        lo = bisect.bisect_right(self.ns, end - width_ms * 1_000_000)
        hi = bisect.bisect_right(self.ns, end)
        return self.entries[lo:hi]

    @staticmethod
    def app(e):
        return bool(e.labels.get("service_name"))

    def count(self, t, width, keep, by, offset=0):
        out = {}
        for e in self.window(t, width, offset):
            if self.app(e) and e.fields is not None and keep(e):
                k = tuple(e.labels.get(n, e.fields.get(n, "")) for n in by)
                out[k] = out.get(k, 0) + 1
        return out


def severity(*values):
    return lambda e: e.fields.get("severity_text") in values


def level_error(e):
    return e.fields.get("level") == "error"


# ---------------------------------------------------------------- the rules, as textbook formulas

DB_PATTERN = re.compile(r"(?i)(deadlock|pq:|sql|database)")
AUTH_PATTERN = re.compile(r"(?i).*(auth|token|password).*", re.S)
EXTERNAL_PATTERN = re.compile(r"(?i).*(upstream|timeout|connection refused|unavailable).*", re.S)


def prometheus_rules(p):
    """name -> (group interval s, for minutes, condition(t) -> {key: value})."""
    def where(values, test):
        return {k: v for k, v in values.items() if v is not None and test(v)}

    def per(pairs, names, test):
        out = {}
        for labels, v in pairs:
            if v is not None and test(v):
                out[key_of(labels, names)] = v
        return out

    def export_failures(t):
        out = {}
        for kind in ("spans", "log_records", "metric_points"):
            for labels, v in p.rates("otelcol_exporter_send_failed_%s_total" % kind, t, 5 * MIN):
                k = (labels["exporter"],)
                if v is not None and k not in out:  # `or`: the left-hand side wins for equal labels
                    out[k] = v
        return {k: v for k, v in out.items() if v > 0}

    def disk(t):
        return {k: (1 - v) * 100 for k, v in per(
            p.ratio("node_filesystem_avail_bytes", "node_filesystem_size_bytes", t, fstype="!~tmpfs|overlay"),
            ["mountpoint"], lambda v: True).items()}

    def saga(t):
        paid = sum_by(p.increases("saga_steps_total", t, 30 * MIN, step="PAYMENT_CREATED"), ["environment"])
        done = sum_by(p.increases("saga_steps_total", t, 30 * MIN, step="~COMPLETED|COMPENSATION_COMPLETE"),
                      ["environment"])
        return {k: v for k, v in paid.items() if v > 0 and not done.get(k, 0) > 0}

    def regression(t):
        out = {}
        for s in p.of("pg_stat_statements_mean_exec_time_seconds"):
            now = s.window(t, 60 * MIN)
            then = s.window(t - 60 * MIN, 7 * 24 * 60 * MIN)
            if now and then:
                a, b = sum(now) / len(now), sum(then) / len(then)
                if a > 2 * b:
                    out[key_of(s.labels, ["queryid", "datname"])] = a
        return out

    def too_slow(t):
        best = {}
        for labels, v in p.instants("pg_stat_statements_mean_exec_time_seconds", t):
            if v is not None:
                k = key_of(labels, ["queryid", "datname"])
                best[k] = max(best.get(k, v), v)
        return {k: v for k, v in best.items() if v > 1}

    def loki_stalled(t):
        total = sum_by(p.rates("loki_distributor_lines_received_total", t, 5 * MIN), [])
        return {k: v for k, v in total.items() if v == 0}

    return {
        "HighErrorRate": (30, 2, lambda t: where({k: v * 100 for k, v in p.error_ratio(t).items()}, lambda v: v > 5)),
        "CriticalErrorRate": (30, 2, lambda t: where({k: v * 100 for k, v in p.error_ratio(t).items()},
                                                     lambda v: v > 10)),
        "RepeatedErrors": (30, 0, lambda t: per(p.increases("http_requests_total", t, 5 * MIN, status="~5.."),
                                                ["service", "environment", "method", "path", "pod"], lambda v: v > 10)),
        "HighP95Latency": (30, 5, lambda t: where(p.latency_quantile(0.95, t), lambda v: v > 2)),
        "HighP99Latency": (30, 5, lambda t: where(p.latency_quantile(0.99, t), lambda v: v > 2)),
        "ApplicationDown": (30, 1, lambda t: per(p.instants("up", t, category="app"), ["pod"], lambda v: v == 0)),
        "HighMemoryUsage": (30, 5, lambda t: per(p.ratio("process_resident_memory_bytes", "process_memory_limit_bytes",
                                                         t), ["pod"], lambda v: v > 0.85)),
        "DBConnectionPoolExhaustion": (30, 3, lambda t: per(p.ratio("db_connections_open", "db_connections_max", t),
                                                            ["pod"], lambda v: v > 0.8)),
        "SagaOrderStalled": (60, 5, saga),
        "StackComponentDown": (30, 2, lambda t: per(p.instants(
            "up", t, job="~grafana|loki|tempo|prometheus|otel-collector|alertmanager"), ["job"], lambda v: v == 0)),
        "OtelCollectorDroppedSpans": (30, 5, lambda t: per(p.rates(
            "otelcol_processor_dropped_spans_total", t, 5 * MIN), ["processor"], lambda v: v > 0)),
        "OtelCollectorDroppedLogs": (30, 5, lambda t: per(p.rates(
            "otelcol_processor_dropped_log_records_total", t, 5 * MIN), ["processor"], lambda v: v > 0)),
        "OtelCollectorDroppedMetrics": (30, 5, lambda t: per(p.rates(
            "otelcol_processor_dropped_metric_points_total", t, 5 * MIN), ["processor"], lambda v: v > 0)),
        "OtelCollectorExportFailures": (30, 5, export_failures),
        "OtelCollectorHighMemory": (30, 5, lambda t: per(
            [(l, None if v is None else v / (512 * 1024 * 1024)) for l, v in p.instants("otelcol_process_memory_rss", t)],
            [], lambda v: v > 0.9)),
        "PrometheusStorageHigh": (30, 15, lambda t: per(
            [(l, None if v is None else v / (50 * 1024 ** 3)) for l, v in
             p.instants("prometheus_tsdb_storage_blocks_bytes", t)], [], lambda v: v > 0.8)),
        "LokiIngestionStalled": (30, 10, loki_stalled),
        "DiskSpaceWarning": (30, 10, lambda t: where(disk(t), lambda v: v > 80)),
        "DiskSpaceCritical": (30, 5, lambda t: where(disk(t), lambda v: v > 90)),
        "AlertmanagerNotificationsFailing": (30, 10, lambda t: per(p.rates(
            "alertmanager_notifications_failed_total", t, 5 * MIN), ["integration"], lambda v: v > 0)),
        "Watchdog": (30, 0, lambda t: {(): 1.0}),
        "PostgresQueryTooSlow": (60, 5, too_slow),
        "PostgresQueryRegression": (60, 30, regression),
    }


def loki_rules(q):
    def where(values, test):
        return {k: v for k, v in values.items() if test(v)}

    def spike(t):
        now = q.count(t, 5 * MIN, lambda e: e.fields.get("level") == "error", ["service_name"])
        then = q.count(t, 5 * MIN, lambda e: e.fields.get("level") == "error", ["service_name"], offset=60 * MIN)
        return {k: v / 300 for k, v in now.items() if k in then and v / 300 > 2 * then[k] / 300}

    def cross(t):
        envs = q.count(t, 5 * MIN, level_error, ["service_name", "deployment_environment"])
        out = {}
        for (service, _), _ in envs.items():
            out[(service,)] = out.get((service,), 0) + 1
        return {k: v for k, v in out.items() if v >= 2}

    def new_pattern(t):
        now = q.count(t, 10 * MIN, level_error, ["service_name", "msg"])
        then = q.count(t, 10 * MIN, level_error, ["service_name", "msg"], offset=60 * MIN)
        return {k: v for k, v in now.items() if k not in then}

    def database(t):
        out = {}
        for e in q.window(t, 5 * MIN):
            if Loki.app(e) and DB_PATTERN.search(e.line):
                k = (e.labels["service_name"],)
                out[k] = out.get(k, 0) + 1
        return out

    def auto_explain(t):
        for e in q.window(t, 30 * MIN):
            if e.labels.get("namespace") == "java-tasks" and e.labels.get("app") == "postgres" \
                    and "auto_explain" in e.line:
                return {}
        return {(): 1.0}

    return {
        # FatalErrorDetected has no aggregation: Loki keeps every extracted field as a label, so each
        # FATAL line is its own alert. The key here is the stream's service, environment and pod.
        "FatalErrorDetected": (60, 0, lambda t: q.count(
            t, 2 * MIN, severity("FATAL"), ["service_name", "deployment_environment", "pod"])),
        "SustainedHighErrorCount": (60, 0, lambda t: where(q.count(
            t, 15 * MIN, severity("ERROR", "FATAL"), ["service_name", "deployment_environment"]), lambda v: v > 100)),
        "HighErrorLogRate": (60, 2, lambda t: where({k: v / 300 for k, v in q.count(
            t, 5 * MIN, severity("ERROR", "FATAL"), ["service_name"]).items()}, lambda v: v > 0.1)),
        "ErrorSpike": (60, 5, spike),
        "CrossEnvironmentErrors": (60, 5, cross),
        "NewErrorPattern": (60, 0, new_pattern),
        "DatabaseErrors": (60, 0, database),
        "AuthenticationErrors": (60, 0, lambda t: where(q.count(
            t, 5 * MIN, lambda e: AUTH_PATTERN.fullmatch(str(e.fields.get("msg", ""))) is not None,
            ["service_name"]), lambda v: v > 2)),
        "ExternalServiceFailures": (60, 2, lambda t: where(q.count(
            t, 5 * MIN, lambda e: level_error(e) and EXTERNAL_PATTERN.fullmatch(str(e.fields.get("msg", ""))),
            ["service_name"]), lambda v: v > 5)),
        "AutoExplainStalled": (60, 10, auto_explain),
    }


# ---------------------------------------------------------------- the designed intervals (README.md, same numbers)

# rule -> {key: [(from minute, to minute), ...]}: the condition is true from `from` to `to`.
# Keys not listed must never be true. Each edge may be off by MARGIN minutes (more where noted).
MARGIN = 1.5
OP, QA = "production", "qa"
K2, W7 = "order-service-6c9f7d8b4-k2xlp", "order-service-6c9f7d8b4-w7tqz"
BUGGY_CART = "cart-service-7c8d9e0f1b-h5j6k"
EXPECT = {
    "HighErrorRate": {("order-service", OP): [(65.5, 114.0)], ("cart-service", OP): [(144.0, 154.0)]},
    "CriticalErrorRate": {("order-service", OP): [(67.0, 112.5)]},
    "RepeatedErrors": {
        ("order-service", OP, "POST", "/api/v1/orders/checkout", K2): [(64.0, 115.0)],
        ("order-service", OP, "POST", "/api/v1/orders/checkout", W7): [(64.0, 115.0)],
        ("order-service", OP, "GET", "/api/v1/orders", K2): [(66.5, 85.5), (89.0, 113.0)],
        ("order-service", OP, "GET", "/api/v1/orders", W7): [(66.5, 114.0)],
        ("order-service", OP, "GET", "/api/v1/orders/{id}", K2): [(66.5, 85.0), (88.0, 114.5)],
        ("order-service", OP, "GET", "/api/v1/orders/{id}", W7): [(66.0, 114.0)],
        ("cart-service", OP, "POST", "/api/v1/cart/items", BUGGY_CART): [(141.0, 157.0)],
    },
    "HighP95Latency": {("order-service", OP): [(65.0, 115.0)]},
    "HighP99Latency": {("order-service", OP): [(64.0, 115.0)], ("cart-service", OP): [(91.0, 105.5)]},
    "ApplicationDown": {(K2,): [(82.0, 84.5)]},
    "HighMemoryUsage": {(K2,): [(71.0, 84.5)]},
    "DBConnectionPoolExhaustion": {(K2,): [(64.5, 84.5), (86.0, 110.5)], (W7,): [(64.5, 110.5)]},
    "SagaOrderStalled": {(OP,): [(92.0, 111.0)]},
    "StackComponentDown": {("tempo",): [(86.5, 92.5)]},
    "OtelCollectorDroppedSpans": {("memory_limiter",): [(76.5, 101.0)]},
    "OtelCollectorDroppedLogs": {("memory_limiter",): [(74.5, 103.0)]},
    "OtelCollectorDroppedMetrics": {("memory_limiter",): [(80.5, 88.0)]},
    "OtelCollectorExportFailures": {("otlp/tempo",): [(86.5, 97.0)]},
    "OtelCollectorHighMemory": {(): [(72.0, 98.5)]},
    "PrometheusStorageHigh": {(): [(93.5, 140.5)]},
    "LokiIngestionStalled": {},
    "DiskSpaceWarning": {("/var/lib/docker",): [(74.0, 127.0)]},
    "DiskSpaceCritical": {("/var/lib/docker",): [(94.5, 107.0)]},
    "AlertmanagerNotificationsFailing": {("email",): [(64.5, 96.5)]},
    "Watchdog": {(): [(0.5, 180.0)]},
    "PostgresQueryTooSlow": {("-3749382911526711872", "projectordb"): [(51.0, 121.0)]},
    "PostgresQueryRegression": {("-3749382911526711872", "projectordb"): [(61.0, 137.0)]},
    "FatalErrorDetected": {("order-service", OP, K2): [(82.0, 84.0)]},
    "SustainedHighErrorCount": {("order-service", OP): [(65.0, 125.0)],
                                ("cart-service", OP): [(95.0, 111.0), (144.0, 164.0)]},
    "HighErrorLogRate": {("order-service",): [(64.0, 115.0)], ("cart-service",): [(90.0, 106.0), (142.0, 157.0)]},
    "ErrorSpike": {("order-service",): [(62.0, 116.0)], ("cart-service",): [(89.0, 107.0), (141.0, 151.0)]},
    "CrossEnvironmentErrors": {("cart-service",): [(89.0, 107.0)]},
    "NewErrorPattern": {
        ("order-service", "payment upstream timeout"): [(63.0, 120.0)],
        ("order-service", "connection pool acquire timeout"): [(65.0, 121.0)],
        ("cart-service", "clear.cart for unknown cart"): [(89.0, 112.0)],
        ("cart-service", "cart not cleared after checkout"): [(89.0, 112.0)],
        ("order-service", "query failed"): [(129.0, 139.0)],
        ("payment-service", "query failed"): [(129.0, 139.0)],
        ("cart-service", "query failed"): [(129.0, 139.0)],
        ("cart-service", "panic recovered"): [(140.0, 163.0)],
    },
    "DatabaseErrors": {("order-service",): [(129.0, 134.0)], ("payment-service",): [(129.0, 134.0)],
                       ("cart-service",): [(129.0, 134.0)]},
    "AuthenticationErrors": {("api-gateway",): [(105.0, 114.0)]},
    "ExternalServiceFailures": {("order-service",): [(63.0, 116.0)]},
    "AutoExplainStalled": {(): [(155.0, 172.0)]},
}
# Edges that move with Poisson noise or long windows get a wider margin.
WIDE = {"RepeatedErrors": 2.0, "HighErrorRate": 2.0, "CriticalErrorRate": 2.0, "SustainedHighErrorCount": 2.0,
        "PostgresQueryRegression": 3.0, "ErrorSpike": 2.0, "HighP99Latency": 2.0, "HighP95Latency": 2.0}
# Rules comparing with an hour earlier see, until minute 60 plus their window, an hour-ago window that
# reaches back before the recording: every error message is "new", and an hour-ago rate of one or two
# errors makes the ordinary rate look like a spike (pending only: it never lasts the 5 minutes of `for`).
WARM_UP = {"NewErrorPattern": 62.0, "ErrorSpike": 65.0}


# ---------------------------------------------------------------- evaluation

def evaluate(rules):
    """rule -> (interval, for, {key: [(t_ms, value or None)]}) on the group's grid."""
    out = {}
    for name, (interval, hold, cond) in rules.items():
        grid = list(range(START_MS + interval * 1000, START_MS + MINUTES * MIN + 1, interval * 1000))
        trace = {}
        for i, t in enumerate(grid):
            for k, v in cond(t).items():
                trace.setdefault(k, [None] * len(grid))[i] = v
        out[name] = (interval, hold, grid, trace)
    return out


def intervals(grid, values):
    spans, begin = [], None
    for t, v in zip(grid, values):
        if v is not None and begin is None:
            begin = t
        if v is None and begin is not None:
            spans.append((minutes(begin), minutes(t)))
            begin = None
    if begin is not None:
        spans.append((minutes(begin), minutes(grid[-1])))
    return spans


def alert_states(grid, values, hold_min):
    """(pending at, firing at or None, resolved at or None) as Prometheus's alerting rule would record them."""
    events, active = [], None
    for t, v in zip(grid, values):
        if v is not None:
            if active is None:
                active = [t, None]
            if active[1] is None and t - active[0] >= hold_min * MIN:
                active[1] = t
        elif active is not None:
            events.append((minutes(active[0]), None if active[1] is None else minutes(active[1]),
                           minutes(t) if active[1] is not None else None))
            active = None
    if active is not None:
        events.append((minutes(active[0]), None if active[1] is None else minutes(active[1]), None))
    return events


def check(evaluated):
    failures = []
    for name, (interval, hold, grid, trace) in evaluated.items():
        expected = EXPECT[name]
        margin = WIDE.get(name, MARGIN)
        warm = WARM_UP.get(name, 0.0)
        for key, values in trace.items():
            spans = expected.get(key)
            for t, v in zip(grid, values):
                m = minutes(t)
                if m < warm:
                    continue
                if spans is None:
                    if v is not None:
                        failures.append("%s %s: true at minute %.1f, designed never" % (name, key, m))
                        break
                    continue
                inner = any(a + margin <= m <= b - margin for a, b in spans)
                outer = any(a - margin <= m <= b + margin for a, b in spans)
                if inner and v is None:
                    failures.append("%s %s: false at minute %.1f, designed true in %s" % (name, key, m, spans))
                    break
                if not outer and v is not None:
                    failures.append("%s %s: true at minute %.1f, designed only in %s" % (name, key, m, spans))
                    break
        for key in expected:
            if key not in trace:
                failures.append("%s %s: never true, designed true in %s" % (name, key, expected[key]))
    return failures


def fmt(m):
    return "—" if m is None else "%.1f" % m


def report(evaluated):
    for name, (interval, hold, grid, trace) in evaluated.items():
        print("%s (every %ds, for %gm)" % (name, interval, hold))
        if not trace:
            print("    never true")
        for key in sorted(trace):
            spans = intervals(grid, trace[key])
            warm = WARM_UP.get(name, 0.0)
            if warm and all(b <= warm for _, b in spans):
                continue
            states = alert_states(grid, trace[key], hold)
            text = ", ".join("%.1f–%.1f" % s for s in spans)
            alerts = "; ".join("pending %s firing %s resolved %s" % (fmt(a), fmt(b), fmt(c)) for a, b, c in states)
            print("    %-60s true %s\n    %-60s %s" % (" ".join(key) or "(no labels)", text, "", alerts))


# ---------------------------------------------------------------- the real Prometheus, on request

def rule_file_exprs(path):
    """(kind, name, expr, for) of a rule file: just enough YAML for Corpus/rules."""
    rules, current, block = [], None, None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        stripped = line.strip()
        if block is not None:
            indent = len(line) - len(line.lstrip())
            if stripped and indent > block[0]:
                block[1].append(stripped)
                continue
            current["expr"] = " ".join(block[1])
            block = None
        m = re.match(r"\s*- (alert|record): (\S+)", line)
        if m:
            current = {"kind": m.group(1), "name": m.group(2), "for": "0m"}
            rules.append(current)
            continue
        m = re.match(r"(\s*)expr: (.*)", line)
        if m and current is not None:
            if m.group(2).strip() in ("|", ">"):
                block = (len(m.group(1)), [])
            else:
                current["expr"] = m.group(2).strip()
            continue
        m = re.match(r"\s*for: (\S+)", line)
        if m and current is not None:
            current["for"] = m.group(1)
    if block is not None:
        current["expr"] = " ".join(block[1])
    return rules


def with_prometheus(textbook):
    """Evaluates every Prometheus alert expression with Prometheus itself and compares the true intervals."""
    promtool, prometheus = shutil.which("promtool"), shutil.which("prometheus")
    if not promtool or not prometheus:
        print("--prometheus: promtool or prometheus not found", file=sys.stderr)
        return 1
    rules = []
    for name in sorted(os.listdir(os.path.join(RULES, "prometheus"))):
        rules += rule_file_exprs(os.path.join(RULES, "prometheus", name))
    records = {r["name"]: r["expr"] for r in rules if r["kind"] == "record"}
    work = tempfile.mkdtemp(prefix="vigil-incident-")
    proc = None
    try:
        plain = os.path.join(work, "metrics.om")
        with open(plain, "w") as f:
            f.write(zstd_text(os.path.join(HERE, "metrics.om.zst")))
        subprocess.run([promtool, "tsdb", "create-blocks-from", "openmetrics", "-q", plain, os.path.join(work, "data")],
                       check=True)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global: {}\n")
        proc = subprocess.Popen([prometheus, "--config.file=" + config, "--storage.tsdb.path=" + os.path.join(work, "data"),
                                 "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:%d" % port],
                                stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "prometheus.log"), "w"))
        base = "http://127.0.0.1:%d" % port
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/ready", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        mismatches = 0
        for rule in rules:
            if rule["kind"] != "alert" or rule["name"] not in textbook:
                continue
            expr, before = rule["expr"], None
            while expr != before:  # recording rules may use other recording rules
                before = expr
                for record, text in records.items():
                    expr = re.sub(r"(?<![\w:])%s(?![\w:])" % re.escape(record), "(%s)" % text, expr)
            interval, hold, grid, trace = textbook[rule["name"]]
            query = urllib.parse.urlencode({"query": expr, "start": grid[0] / 1000, "end": grid[-1] / 1000,
                                            "step": "%ds" % interval})
            data = json.load(urllib.request.urlopen(base + "/api/v1/query_range?" + query, timeout=120))
            names = EXPECT_KEYS[rule["name"]]
            real = {}
            for series in data["data"]["result"]:
                k = key_of(series["metric"], names)
                row = real.setdefault(k, [None] * len(grid))
                for stamp, value in series["values"]:
                    row[round((float(stamp) * 1000 - grid[0]) / (interval * 1000))] = float(value)
            for k in sorted(set(real) | set(trace)):
                mine = intervals(grid, trace.get(k, [None] * len(grid)))
                theirs = intervals(grid, real.get(k, [None] * len(grid)))
                close = len(mine) == len(theirs) and all(
                    abs(a - c) <= 2 * interval / 60 + 1e-9 and abs(b - d) <= 2 * interval / 60 + 1e-9
                    for (a, b), (c, d) in zip(mine, theirs))
                flag = "ok " if close else "DIFF"
                mismatches += 0 if close else 1
                print("%s %-28s %-55s textbook %s | prometheus %s" % (
                    flag, rule["name"], " ".join(k) or "(no labels)", ", ".join("%.1f–%.1f" % s for s in mine),
                    ", ".join("%.1f–%.1f" % s for s in theirs)))
        print("prometheus: %d intervals differ by more than two evaluations" % mismatches)
        return 1 if mismatches else 0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


EXPECT_KEYS = {
    "HighErrorRate": ["service", "environment"], "CriticalErrorRate": ["service", "environment"],
    "RepeatedErrors": ["service", "environment", "method", "path", "pod"],
    "HighP95Latency": ["service", "environment"], "HighP99Latency": ["service", "environment"],
    "ApplicationDown": ["pod"], "HighMemoryUsage": ["pod"], "DBConnectionPoolExhaustion": ["pod"],
    "SagaOrderStalled": ["environment"], "StackComponentDown": ["job"],
    "OtelCollectorDroppedSpans": ["processor"], "OtelCollectorDroppedLogs": ["processor"],
    "OtelCollectorDroppedMetrics": ["processor"], "OtelCollectorExportFailures": ["exporter"],
    "OtelCollectorHighMemory": [], "PrometheusStorageHigh": [], "LokiIngestionStalled": [],
    "DiskSpaceWarning": ["mountpoint"], "DiskSpaceCritical": ["mountpoint"],
    "AlertmanagerNotificationsFailing": ["integration"], "Watchdog": [],
    "PostgresQueryTooSlow": ["queryid", "datname"], "PostgresQueryRegression": ["queryid", "datname"],
}


def main():
    metrics = load_metrics(os.path.join(HERE, "metrics.om.zst"))
    logs = load_logs(os.path.join(HERE, "logs.jsonl.zst"))
    rules = dict(prometheus_rules(Prom(metrics)))
    rules.update(loki_rules(Loki(logs)))
    missing = set(EXPECT) ^ set(rules)
    if missing:
        raise SystemExit("rules and expectations disagree: %s" % sorted(missing))
    files = []
    for kind in ("prometheus", "loki"):
        for name in sorted(os.listdir(os.path.join(RULES, kind))):
            files += [r["name"] for r in rule_file_exprs(os.path.join(RULES, kind, name)) if r["kind"] == "alert"]
    if sorted(files) != sorted(rules):
        raise SystemExit("Corpus/rules has alerts %s, this script knows %s" % (sorted(files), sorted(rules)))
    evaluated = evaluate(rules)
    report(evaluated)
    failures = check(evaluated)
    for f in failures:
        print("FAIL", f)
    print("%d rules, %d designed intervals, %d failures" % (
        len(rules), sum(len(s) for e in EXPECT.values() for s in e.values()), len(failures)))
    status = 1 if failures else 0
    if "--prometheus" in sys.argv[1:]:
        status |= with_prometheus({k: v for k, v in evaluated.items() if k in EXPECT_KEYS})
    return status


if __name__ == "__main__":
    sys.exit(main())
