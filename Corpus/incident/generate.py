#!/usr/bin/env python3
"""Generates Vigil's recorded incident: metrics.om.zst and logs.jsonl.zst.

Three hours of a small e-commerce platform (Go services in Kubernetes, an
observability droplet running Prometheus, Loki, Tempo, an OpenTelemetry
Collector and Alertmanager, a shared PostgreSQL 17) on 2025-12-28 from 02:00
to 05:00 UTC, during which the incidents of the seed documents happen. The
README in this folder tells the story minute by minute and says, for every rule
in Corpus/rules, when its condition is true by construction.

Python 3 standard library only. Deterministic: every random stream is seeded
from a fixed name, so the same input gives byte-identical output.

    python3 Corpus/incident/generate.py          # writes both .zst files
    python3 Corpus/incident/generate.py --plain  # also keeps the uncompressed files

Formats
- metrics: OpenMetrics text as `promtool tsdb dump-openmetrics` prints it
  (series sorted by label set, `name{labels} value timestamp`, values in Go's
  %g, timestamps in seconds with three decimals, `# EOF` last), plus a
  `# TYPE` line before each metric family.
- logs: `logcli query --output=jsonl --forward --timezone=UTC` lines, i.e. Go's
  json.Marshal of {"labels","line","timestamp"} (keys sorted, HTML characters
  escaped) with the timestamp in RFC 3339 with nanoseconds, trailing zeros cut.
"""

import datetime
import json
import math
import os
import random
import subprocess
import sys
import zlib
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))

START_S = 1766887200  # 2025-12-28T02:00:00Z
START_MS = START_S * 1000
START_NS = START_S * 1_000_000_000
MINUTES = 180
SCRAPE_INTERVAL_MS = 15_000
SCRAPE_OFFSET_MS = 3_217  # every target scrapes at k*15s + 3.217s + its own skew
SCRAPES = MINUTES * 60_000 // SCRAPE_INTERVAL_MS

MIB = 1024 * 1024
GIB = 1024 * MIB


class Story:
    """Every designed event, in minutes after START. README.md tells the same story."""

    regression = (50.0, 120.0)      # projectordb index dropped ... recreated
    hang = (62.0, 110.0)            # payment-service mTLS handshakes hang for order-service (production)
    hang_ramp_end = 65.0            # share of hanging checkouts reaches its plateau
    hang_share = 0.75
    pool_start = 62.5               # order-service transactions held across the hanging call
    smtp_failing = (64.0, 92.0)     # Alertmanager's e-mail integration fails
    k2xlp_fatal = 81.5              # saga watchdog exits order-service-...-k2xlp
    k2xlp_back = 84.0               # the container is running again (counters reset)
    collector_drops_logs = (74.0, 98.0)
    collector_drops_spans = (76.0, 96.0)
    collector_drops_metrics = (80.0, 83.0)
    tempo_down = (86.0, 92.0)
    rabbitmq = (88.0, 102.0)        # QA's clear.cart commands consumed by production cart-service
    storage_step_up = 93.0          # Prometheus compaction: blocks above 80 % of the 50 GiB budget
    storage_step_down = 140.0       # retention removes the oldest block
    jwks = (104.0, 109.0)           # api-gateway rejects refresh tokens signed with the retired key
    payment_fix = 110.0             # payment-service rebuilt with the certificate fix
    postgres_restart = 128.0        # restart; the new config sets auto_explain.log_min_duration = -1
    auto_explain_reload = 171.0     # ALTER SYSTEM + pg_reload_conf() brings plans back
    cart_deploy = 140.0             # cart-service v3.4.0 (nil coupon panics)
    cart_rollback = 152.0
    # Verbose logging the apps switched on while the auto-log service had an app-wide session open
    # for them (SustainedHighErrorCount / FatalErrorDetected firing, then 30 minutes of TTL after the
    # last firing evaluation); the apps poll /api/autolog/check every 30 s.
    debug_order = [(65.5, 154.5)]
    debug_cart = [(95.5, 140.5), (144.5, 180.0)]


# ---------------------------------------------------------------- helpers

def rng(name):
    """A random stream of its own for each part, so changing one part leaves the others alone."""
    return random.Random(zlib.crc32(name.encode()))


def normal(r):
    u1 = r.random() or 1e-12
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * r.random())


def lognormal(r, median, sigma):
    return median * math.exp(sigma * normal(r))


def poisson(r, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(lam + math.sqrt(lam) * normal(r))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= r.random()
        if p <= limit:
            return k
        k += 1


def curve(*knots):
    """Piecewise-linear function of the minute through (minute, value) knots, flat outside."""
    def f(m):
        if m <= knots[0][0]:
            return knots[0][1]
        for (m0, v0), (m1, v1) in zip(knots, knots[1:]):
            if m < m1:
                return v0 + (v1 - v0) * (m - m0) / (m1 - m0)
        return knots[-1][1]
    return f


def inside(m, window):
    return window[0] <= m < window[1]


def minute_of_ms(ts_ms):
    return (ts_ms - START_MS) / 60_000


def ns_at(minute):
    """A log timestamp at `minute`, never on a whole second (rule windows end on whole seconds)."""
    ns = START_NS + int(round(minute * 60e9))
    if ns % 1_000_000_000 == 0:
        ns += 1
    return ns


def go_g(v):
    """Go's fmt %g (strconv 'g', shortest): what promtool prints for a sample value."""
    v = float(v)
    if v == 0:
        return "0"
    sign, digits, exp = Decimal(repr(v)).as_tuple()
    digits = list(digits)
    while len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exp += 1
    nd = len(digits)
    dp = nd + exp
    s = "".join(map(str, digits))
    neg = "-" if sign else ""
    x = dp - 1
    if x < -4 or x >= 6:
        mant = s[0] + ("." + s[1:] if nd > 1 else "")
        return "%s%se%s%02d" % (neg, mant, "-" if x < 0 else "+", abs(x))
    if dp <= 0:
        return neg + "0." + "0" * (-dp) + s
    if dp >= nd:
        return neg + s + "0" * (dp - nd)
    return neg + s[:dp] + "." + s[dp:]


def go_quote(s):
    """strconv.Quote for the printable ASCII label values used here."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def go_json(value):
    """encoding/json.Marshal: compact, map keys sorted by the caller, HTML characters escaped."""
    out = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def rfc3339nano(ns):
    """time.Time.MarshalJSON in UTC: RFC 3339 with up to nine fraction digits, trailing zeros cut."""
    secs, frac = divmod(ns, 1_000_000_000)
    base = datetime.datetime.fromtimestamp(secs, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    if frac:
        base += "." + ("%09d" % frac).rstrip("0")
    return base + "Z"


def slog_time(ns):
    """slog's JSON handler writes times with milliseconds."""
    secs, frac = divmod(ns, 1_000_000_000)
    base = datetime.datetime.fromtimestamp(secs, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return base + ".%03dZ" % (frac // 1_000_000)


def pg_time(ns):
    secs, frac = divmod(ns, 1_000_000_000)
    base = datetime.datetime.fromtimestamp(secs, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return base + ".%03d UTC" % (frac // 1_000_000)


def hexid(r, nbytes):
    return "%0*x" % (nbytes * 2, r.getrandbits(nbytes * 8))


# ---------------------------------------------------------------- stores

class Metrics:
    """Samples by series; families declared with their OpenMetrics type."""

    SUFFIXES = {"counter": ("_total",), "gauge": ("",), "histogram": ("_bucket", "_count", "_sum")}

    def __init__(self):
        self.family_of = {}   # sample name -> (family, type)
        self.series = {}      # (name, sorted label tuple) -> [(ts_ms, value)]

    def declare(self, family, kind):
        for suffix in self.SUFFIXES[kind]:
            self.family_of[family + suffix] = (family, kind)

    def add(self, name, labels, ts_ms, value):
        if name not in self.family_of:
            raise KeyError("undeclared metric " + name)
        key = (name, tuple(sorted(labels.items())))
        self.series.setdefault(key, []).append((ts_ms, value))

    def write(self, out):
        order = sorted(self.series, key=lambda k: [("__name__", k[0])] + list(k[1]))
        seen, current, samples = set(), None, 0
        for name, labels in order:
            family, kind = self.family_of[name]
            if family != current:
                if family in seen:
                    raise AssertionError("family %s is not contiguous in label order" % family)
                seen.add(family)
                current = family
                out.write("# TYPE %s %s\n" % (family, kind))
            label_text = "{" + ",".join("%s=%s" % (n, go_quote(v)) for n, v in labels) + "}"
            prefix = name + label_text + " "
            points = self.series[(name, labels)]
            for (a, _), (b, _) in zip(points, points[1:]):
                if b <= a:
                    raise AssertionError("timestamps not increasing in %s" % prefix)
            for ts_ms, value in points:
                if ts_ms % 1000 == 0:
                    raise AssertionError("sample on a whole second in %s" % prefix)
                out.write("%s%s %.3f\n" % (prefix, go_g(value), ts_ms / 1000))
                samples += 1
        out.write("# EOF\n")
        return len(order), samples


class Logs:
    """Lines by stream."""

    def __init__(self):
        self.streams = {}  # sorted label tuple -> [(ns, line)]

    def add(self, labels, ns, line):
        self.streams.setdefault(tuple(sorted(labels.items())), []).append((ns, line))

    def all_timestamps(self):
        return sorted(ns for entries in self.streams.values() for ns, _ in entries)

    def write(self, out):
        entries = []
        for labels, lines in self.streams.items():
            lines.sort()
            for (a, _), (b, _) in zip(lines, lines[1:]):
                if b == a:
                    raise AssertionError("duplicate timestamp in stream %s" % (labels,))
            label_json = go_json(dict(labels))
            entries.extend((ns, label_json, line) for ns, line in lines)
        entries.sort(key=lambda e: (e[0], e[1]))
        for ns, label_json, line in entries:
            if ns % 1_000_000_000 == 0:
                raise AssertionError("log line on a whole second")
            out.write('{"labels":%s,"line":%s,"timestamp":"%s"}\n' % (label_json, go_json(line), rfc3339nano(ns)))
        return len(self.streams), len(entries)


def slog_line(ns, level, msg, **fields):
    """One line of the services' slog JSON handler (level lower-cased, OTel severity alongside)."""
    record = {"time": slog_time(ns), "level": level, "msg": msg, "severity_text": level.upper()}
    record.update(fields)
    return json.dumps(record, separators=(",", ":"))


# ---------------------------------------------------------------- targets

class Target:
    """A scrape target: its own skew off the k*15s grid and a little jitter per scrape."""

    def __init__(self, job, instance, labels, start=0.0, end=float(MINUTES), down=()):
        self.job, self.instance = job, instance
        self.labels = dict(labels, job=job, instance=instance)
        self.start, self.end, self.down = start, end, list(down)
        r = rng("scrape/" + instance)
        skew = SCRAPE_OFFSET_MS + zlib.crc32(instance.encode()) % 1500
        self.scrapes = []
        for k in range(SCRAPES):
            ts = START_MS + k * SCRAPE_INTERVAL_MS + skew + r.randint(-40, 40)
            if ts % 1000 == 0:
                ts += 1
            if start <= minute_of_ms(ts) < end:
                self.scrapes.append(ts)

    def is_down(self, m):
        return any(inside(m, w) for w in self.down)

    def up_series(self, metrics):
        for ts in self.scrapes:
            metrics.add("up", self.labels, ts, 0 if self.is_down(minute_of_ms(ts)) else 1)


# ---------------------------------------------------------------- the application

BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]
# Prometheus 3 normalises `le` to float text ("1.0", "10.0") when it ingests classic histograms.
BUCKET_LABELS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"]

# (method, path, production requests/s, median latency s, lognormal sigma, [(status, share)])
ROUTES = {
    "order-service": [
        ("GET", "/api/v1/orders", 3.0, 0.030, 0.5, [("200", 1.0)]),
        ("GET", "/api/v1/orders/{id}", 4.5, 0.012, 0.5, [("200", 0.996), ("404", 0.004)]),
        ("POST", "/api/v1/orders/checkout", 1.5, 0.180, 0.45, [("201", 0.975), ("400", 0.025)]),
    ],
    "payment-service": [
        ("POST", "/webhooks/stripe", 0.8, 0.045, 0.4, [("200", 0.998), ("400", 0.002)]),
        ("GET", "/api/v1/payments/{id}", 2.0, 0.010, 0.5, [("200", 0.997), ("404", 0.003)]),
    ],
    "cart-service": [
        ("GET", "/api/v1/cart", 4.0, 0.008, 0.5, [("200", 1.0)]),
        ("POST", "/api/v1/cart/items", 2.0, 0.020, 0.5, [("201", 0.985), ("400", 0.015)]),
        ("DELETE", "/api/v1/cart/items/{id}", 0.5, 0.015, 0.5, [("204", 0.995), ("404", 0.005)]),
    ],
    "api-gateway": [
        ("POST", "/api/v1/auth/login", 0.6, 0.090, 0.3, [("200", 0.96), ("401", 0.04)]),
        ("POST", "/api/v1/auth/refresh", 1.2, 0.012, 0.4, [("200", 0.995), ("401", 0.005)]),
    ],
}
QA_SCALE = 0.06
MEMORY_LIMIT = {"order-service": 512 * MIB, "payment-service": 256 * MIB, "cart-service": 256 * MIB,
                "api-gateway": 256 * MIB}
POOL_MAX = {"production": {"order-service": 25, "payment-service": 20, "cart-service": 20, "api-gateway": 10},
            "qa": {"order-service": 10, "payment-service": 10, "cart-service": 10, "api-gateway": 10}}
SAGA_STEPS = ["ORDER_CREATED", "PAYMENT_CREATED", "CART_CLEARED", "COMPLETED",
              "COMPENSATION_STARTED", "COMPENSATION_COMPLETE"]
BACKGROUND_ERROR = {  # one unremarkable error a minute in production, every hour alike
    "order-service": ("order event publish failed, retrying", {"topic": "ecommerce.orders", "attempt": 1}),
    "payment-service": ("refund reconciliation mismatch", {"provider": "stripe"}),
    "cart-service": ("stale cart version rejected", {"expected_version": 7}),
    "api-gateway": ("rate limiter sync failed", {"peer": "api-gateway-ratelimit:6379"}),
}
DEBUG_MESSAGES = [
    ("grpc dial", {"target": "payment-service.go-ecommerce.svc:9090", "state": "CONNECTING"}),
    ("tls handshake started", {"peer": "payment-service.go-ecommerce.svc:9090", "alpn": "h2"}),
    ("saga step dispatched", {"step": "CONFIRM_PAYMENT", "queue": "saga.payments"}),
    ("pool stats", {"in_use": 25, "idle": 0, "waiting": 14}),
    ("cache lookup", {"cache": "promotions", "hit": False}),
    ("outbox poll", {"batch": 50, "pending": 0}),
]
CART_DEBUG_MESSAGES = [
    ("amqp delivery received", {"queue": "clear.cart", "vhost": "/", "redelivered": False}),
    ("cart loaded", {"items": 3, "version": 7}),
    ("coupon evaluated", {"coupon": "WINTER25", "applies": True}),
    ("amqp ack sent", {"queue": "clear.cart"}),
]


class Pod(Target):
    def __init__(self, service, env, name, ip, version, git_sha, start=0.0, end=float(MINUTES), down=(),
                 restarted_at=None):
        namespace = "go-ecommerce" if env == "production" else "go-ecommerce-qa"
        super().__init__(service, ip + ":8080",
                         {"category": "app", "environment": env, "namespace": namespace, "pod": name,
                          "service": service}, start, end, down)
        self.service, self.env, self.name, self.namespace = service, env, name, namespace
        self.version, self.git_sha, self.restarted_at = version, git_sha, restarted_at

    def alive(self, m):
        return self.start <= m < self.end and not self.is_down(m)

    def stream(self):
        return {"app": self.service, "deployment_environment": self.env, "env": self.env,
                "job": self.namespace + "/" + self.service, "namespace": self.namespace,
                "pod": self.name, "service_name": self.service}


PODS = [
    Pod("order-service", "production", "order-service-6c9f7d8b4-k2xlp", "10.42.1.17", "v1.9.2", "8d41c07",
        down=[(Story.k2xlp_fatal, Story.k2xlp_back)], restarted_at=Story.k2xlp_back),
    Pod("order-service", "production", "order-service-6c9f7d8b4-w7tqz", "10.42.2.23", "v1.9.2", "8d41c07"),
    Pod("payment-service", "production", "payment-service-7b5d8c9f6-q8w2e", "10.42.1.31", "v2.7.0", "a93e5f2",
        end=Story.payment_fix + 0.4),
    Pod("payment-service", "production", "payment-service-55c6d9b7f4-z3x5c", "10.42.3.12", "v2.7.1", "c07d2b9",
        start=Story.payment_fix - 0.3),
    Pod("cart-service", "production", "cart-service-5f7b9c6d8-x2r4q", "10.42.2.41", "v3.3.2", "51be8a0",
        end=Story.cart_deploy + 0.4),
    Pod("cart-service", "production", "cart-service-7c8d9e0f1b-h5j6k", "10.42.3.19", "v3.4.0", "e6f1d34",
        start=Story.cart_deploy - 0.2, end=Story.cart_rollback + 0.4),
    Pod("cart-service", "production", "cart-service-5f7b9c6d8-p9m3n", "10.42.1.52", "v3.3.2", "51be8a0",
        start=Story.cart_rollback - 0.2),
    Pod("api-gateway", "production", "api-gateway-84f6b7c5d-t6y8u", "10.42.2.8", "v5.1.4", "77c2e19"),
    Pod("order-service", "qa", "order-service-5d8c7b6a9-j3k4l", "10.42.4.11", "v1.9.2", "8d41c07"),
    Pod("payment-service", "qa", "payment-service-6a7b8c9d0-m5n6p", "10.42.4.12", "v2.7.1", "c07d2b9"),
    Pod("cart-service", "qa", "cart-service-7e8f9a0b1-q7r8s", "10.42.4.13", "v3.4.0", "e6f1d34"),
]


def ready_pods(service, env, m):
    return [p for p in PODS if p.service == service and p.env == env and p.alive(m)]


def traffic_scale(env, m):
    night = 1.0 - 0.15 * m / MINUTES  # traffic keeps falling towards 5 AM
    if env == "production":
        return night
    return QA_SCALE * night * (4.0 if inside(m, Story.rabbitmq) else 1.0)  # QA's nightly e2e suite


def hang_share(m):
    if not inside(m, Story.hang):
        return 0.0
    return Story.hang_share * min(1.0, (m - Story.hang[0]) / (Story.hang_ramp_end - Story.hang[0]))


def pool_open(pod, m):
    """Connections open in order-service's pool: transactions wait on the hanging payment call."""
    if pod.service != "order-service" or pod.env != "production" or not (Story.pool_start <= m < Story.hang[1] + 0.2):
        return None
    if pod.restarted_at is not None and m >= pod.restarted_at:
        return min(25.0, 5.0 + (m - pod.restarted_at) * 10.0)
    return min(25.0, 7.0 + (m - Story.pool_start) * 9.0)


# Requests that fail because PostgreSQL is restarting: (service, minute, method, path, error).
POSTGRES_RESTART_FAILURES = [
    ("order-service", 128.05, "GET", "/api/v1/orders/{id}", "pq: the database system is shutting down"),
    ("order-service", 128.18, "GET", "/api/v1/orders/{id}", "pq: the database system is shutting down"),
    ("order-service", 128.31, "GET", "/api/v1/orders", "pq: the database system is starting up"),
    ("payment-service", 128.09, "GET", "/api/v1/payments/{id}", "pq: the database system is shutting down"),
    ("payment-service", 128.27, "GET", "/api/v1/payments/{id}", "pq: the database system is starting up"),
    ("cart-service", 128.12, "GET", "/api/v1/cart", "pq: the database system is shutting down"),
    ("cart-service", 128.36, "GET", "/api/v1/cart", "pq: the database system is starting up"),
]


def serve(pod, route, m, r):
    """One request: (status, latency seconds, log record or None). The incidents live here."""
    method, path, _, median, sigma, statuses = route
    latency = lognormal(r, median, sigma)
    u = r.random()
    status = statuses[-1][0]
    for code, share in statuses:
        if u < share:
            status = code
            break
        u -= share
    prod = pod.env == "production"
    svc = pod.service
    if svc == "order-service" and prod:
        saturated = (pool_open(pod, m) or 0) >= 25.0
        if path.endswith("/checkout") and r.random() < hang_share(m):
            return "500", 30.0 + 0.25 * r.random(), ("error", "payment upstream timeout", {
                "method": method, "path": path, "status": 500, "code": "PAYMENT_UNAVAILABLE",
                "stage": "tls_handshake", "peer": "payment-service.go-ecommerce.svc:9090",
                "error": "context deadline exceeded"})
        if saturated:
            v = r.random()
            if method == "GET" and v < 0.06:
                return "500", 5.0 + 0.08 * r.random(), ("error", "connection pool acquire timeout", {
                    "method": method, "path": path, "status": 500, "code": "POOL_EXHAUSTED",
                    "pool_max": 25, "wait_ms": 5000})
            if v < 0.46:
                latency += 0.3 + 4.2 * r.random()
    if svc == "cart-service" and prod:
        if inside(m, Story.rabbitmq) and path == "/api/v1/cart" and r.random() < 0.04:
            latency = 3.0 + 5.0 * r.random()  # waits for the cart lock the bogus clear.cart holds
        if pod.version == "v3.4.0" and path == "/api/v1/cart/items" and method == "POST" and r.random() < 0.22:
            return "500", 0.004 + 0.016 * r.random(), ("error", "panic recovered", {
                "method": method, "path": path, "status": 500, "code": "INTERNAL",
                "error": "runtime error: invalid memory address or nil pointer dereference",
                "func": "cart.(*Service).applyCoupon"})
    if svc == "api-gateway" and inside(m, Story.jwks) and path.endswith("/refresh") and r.random() < 0.15:
        return "401", 0.004 + 0.004 * r.random(), ("warn", "auth token signature invalid", {
            "method": method, "path": path, "status": 401, "kid": "2025-09-rot",
            "error": "crypto/rsa: verification error"})
    return status, latency, None


def simulate_pod(pod, metrics, logs):
    r = rng("pod/" + pod.name)
    base = pod.labels
    limit = MEMORY_LIMIT[pod.service]
    routes = ROUTES[pod.service]
    stream = pod.stream()
    forced = [f for f in POSTGRES_RESTART_FAILURES if f[0] == pod.service and pod.env == "production"]
    memory = memory_curve(pod)

    def fresh_state(uptime_s=0.0):
        """Counters of a process that has been running for `uptime_s` at the recording's start."""
        state = {"requests": {}, "buckets": {}, "count": {}, "sum": {}, "saga": {s: 0 for s in SAGA_STEPS}}
        share = traffic_scale(pod.env, 0) / len(ready_pods(pod.service, pod.env, 0)) if uptime_s else 0.0
        for method, path, rate, median, sigma, statuses in routes:
            total = int(rate * share * uptime_s)
            state["requests"][(method, path, "500")] = r.randrange(4) if total else 0  # registered at start-up
            for code, fraction in statuses:
                if total:
                    state["requests"][(method, path, code)] = int(total * fraction)
            total = sum(v for (mm, pp, _), v in state["requests"].items() if (mm, pp) == (method, path))
            state["buckets"][(method, path)] = [
                int(total * 0.5 * (1 + math.erf(math.log(b / median) / (sigma * math.sqrt(2))))) for b in BUCKETS]
            state["count"][(method, path)] = total
            state["sum"][(method, path)] = total * median * math.exp(sigma * sigma / 2)
            if path.endswith("/checkout") and total:
                created = state["requests"][(method, path, statuses[0][0])]
                state["saga"].update(ORDER_CREATED=created, PAYMENT_CREATED=created,
                                     CART_CLEARED=int(created * 0.98), COMPLETED=int(created * 0.98),
                                     COMPENSATION_STARTED=created - int(created * 0.98),
                                     COMPENSATION_COMPLETE=created - int(created * 0.98))
        return state

    uptime = 86400 * (1.5 + zlib.crc32(pod.name.encode()) % 400 / 100) if pod.start == 0 else 0.0
    state = fresh_state(uptime)
    backlog = 0
    prev = START_MS + int(pod.start * 60_000)
    was_down = False
    for ts in pod.scrapes:
        m = minute_of_ms(ts)
        if pod.is_down(m):
            was_down, prev = True, ts
            continue
        if was_down:  # the container restarted: every counter starts again from zero
            was_down = False
            state = fresh_state()
            prev = START_MS + int(pod.restarted_at * 60_000)
            start_lines(pod, logs, prev, r)
        mid = minute_of_ms((prev + ts) / 2)
        dt = (ts - prev) / 1000
        share = 1.0 / max(1, len(ready_pods(pod.service, pod.env, mid)))
        scale = traffic_scale(pod.env, mid) * share
        created = paid = 0
        for route in routes:
            method, path, rate = route[0], route[1], route[2]
            n = poisson(r, rate * scale * dt)
            for _ in range(n):
                at = prev + r.random() * (ts - prev)
                status, latency, record = serve(pod, route, minute_of_ms(at), r)
                observe(state, method, path, status, latency)
                if path.endswith("/checkout"):
                    if status != "400":
                        created += 1
                    if status == "201":
                        paid += 1
                sample = 0.025 if pod.env == "production" else 0.2
                if record is not None:
                    level, msg, fields = record
                    emit(logs, stream, at, r, level, msg, dict(fields, duration_ms=int(latency * 1000)))
                elif r.random() < sample:
                    emit(logs, stream, at, r, "info", "request completed", {
                        "method": method, "path": path, "status": int(status), "duration_ms": int(latency * 1000)})
        for service, fm, method, path, error in forced:
            at = START_MS + fm * 60_000
            if prev < at <= ts and ready_pods(service, pod.env, fm)[0] is pod:
                latency = 0.002 + 0.01 * r.random()
                observe(state, method, path, "500", latency)
                emit(logs, stream, at, r, "error", "query failed", {
                    "method": method, "path": path, "status": 500, "code": "STORE_UNAVAILABLE", "error": error})
        if pod.service == "order-service":
            backlog = saga(state["saga"], pod, mid, created, paid, backlog, r)
        # ---- exposition of this scrape
        for (method, path, status), v in state["requests"].items():
            metrics.add("http_requests_total", dict(base, method=method, path=path, status=status), ts, v)
        for (method, path), counts in state["buckets"].items():
            labels = dict(base, method=method, path=path)
            for le, c in zip(BUCKET_LABELS, counts + [state["count"][(method, path)]]):
                metrics.add("http_request_duration_seconds_bucket", dict(labels, le=le), ts, c)
            metrics.add("http_request_duration_seconds_count", labels, ts, state["count"][(method, path)])
            metrics.add("http_request_duration_seconds_sum", labels, ts, round(state["sum"][(method, path)], 6))
        if pod.service == "order-service":
            for step, v in state["saga"].items():
                metrics.add("saga_steps_total", dict(base, step=step), ts, v)
        rss = memory(m) * (1 + 0.01 * normal(r))
        metrics.add("process_resident_memory_bytes", base, ts, int(rss * limit) // 4096 * 4096)
        metrics.add("process_memory_limit_bytes", base, ts, limit)
        pool_max = POOL_MAX[pod.env][pod.service]
        open_now = pool_open(pod, m)
        if open_now is None:
            open_now = min(pool_max, max(2, round(pool_max * 0.3 + 1.5 * normal(r))))
        metrics.add("db_connections_open", base, ts, int(round(open_now)))
        metrics.add("db_connections_max", base, ts, pool_max)
        hung = hang_share(m) * 1.5 * 30 / 2 if pod.service == "order-service" and pod.env == "production" else 0
        metrics.add("go_goroutines", base, ts, int(38 + hung * 3 + 4 * r.random()))
        prev = ts
    pod.up_series(metrics)


def observe(state, method, path, status, latency):
    key = (method, path, status)
    state["requests"][key] = state["requests"].get(key, 0) + 1
    counts = state["buckets"][(method, path)]
    for i, bound in enumerate(BUCKETS):
        if latency <= bound:
            counts[i] += 1
    state["count"][(method, path)] += 1
    state["sum"][(method, path)] += latency


def saga(steps, pod, m, created, paid, backlog, r):
    """Saga counters; the production consumer hangs without a deadline while payment-service does."""
    steps["ORDER_CREATED"] += created
    steps["PAYMENT_CREATED"] += paid
    if pod.env == "production" and inside(m, Story.hang):
        return backlog + paid
    drained = min(backlog, 40)  # after the fix the consumer works off what piled up
    backlog -= drained
    done = paid + drained
    failed = sum(1 for _ in range(done) if r.random() < (0.02 if drained == 0 else 0.15))
    steps["CART_CLEARED"] += done - failed
    steps["COMPLETED"] += done - failed
    steps["COMPENSATION_STARTED"] += failed
    steps["COMPENSATION_COMPLETE"] += failed
    return backlog


def memory_curve(pod):
    """Resident memory as a share of the pod's limit."""
    if pod.name.endswith("k2xlp"):
        before = curve((0, 0.36), (63, 0.37), (71, 0.86), (Story.k2xlp_fatal, 0.965))
        after = curve((Story.k2xlp_back, 0.30), (110, 0.70), (113, 0.38))
        return lambda m: before(m) if m < Story.k2xlp_back else after(m)
    if pod.name.endswith("w7tqz"):
        return curve((0, 0.35), (63, 0.36), (110, 0.78), (113, 0.37))
    base = {"payment-service": 0.42, "cart-service": 0.38, "api-gateway": 0.31}.get(pod.service, 0.33)
    return lambda m: base


def emit(logs, stream, at_ms, r, level, msg, fields, traced=True):
    """One slog line; lines written while serving a request or a message carry its trace."""
    ns = int(at_ms * 1_000_000) + r.randrange(1, 1_000_000)
    if ns % 1_000_000_000 == 0:
        ns += 1
    trace = {"trace_id": hexid(r, 16), "span_id": hexid(r, 8)} if traced else {}
    logs.add(stream, ns, slog_line(ns, level, msg, **trace, **fields))


def start_lines(pod, logs, at_ms, r):
    emit(logs, pod.stream(), at_ms + 150, r, "info", "starting service", {
        "version": pod.version, "gitSHA": pod.git_sha, "go_version": "go1.23.4"}, traced=False)
    emit(logs, pod.stream(), at_ms + 420, r, "info", "http server listening", {"addr": ":8080"}, traced=False)


def app_logs(logs):
    """Lines not tied to one request: start-up, shutdown, background errors, verbose sessions, FATAL."""
    r = rng("app-logs")
    for pod in PODS:
        if pod.start > 0:
            start_lines(pod, logs, START_MS + pod.start * 60_000, r)
        if pod.end < MINUTES:
            emit(logs, pod.stream(), START_MS + (pod.end - 0.05) * 60_000, r, "info", "shutting down",
                 {"signal": "terminated", "drain_timeout": "20s"}, traced=False)
    # One background error a minute per production service, jittered by a few seconds only,
    # so every 5-minute window holds 4 to 6 of them and every 10-minute window the same message.
    for service, (msg, fields) in BACKGROUND_ERROR.items():
        for k in range(MINUTES):
            m = k + 0.5 + (r.random() - 0.5) * 0.15
            pods = ready_pods(service, "production", m)
            pod = pods[k % len(pods)]
            emit(logs, pod.stream(), START_MS + m * 60_000, r, "error", msg, dict(fields), traced=False)
    # api-gateway: occasional lock-outs, at least 3 minutes apart (never more than 2 in 5 minutes).
    m = 2.3
    while m < MINUTES:
        pod = ready_pods("api-gateway", "production", m)[0]
        emit(logs, pod.stream(), START_MS + m * 60_000, r, "warn",
             "account locked: too many invalid password attempts", {"user_id": "usr_" + hexid(r, 5)})
        m += 3.2 + 4.8 * r.random()
    # FATAL: the saga watchdog gives up on the stuck consumer and exits the process.
    k2xlp = PODS[0]
    at = START_MS + Story.k2xlp_fatal * 60_000 - 400
    emit(logs, k2xlp.stream(), at, r, "fatal", "saga watchdog: consumer stuck, exiting", {
        "stuck_orders": 412, "stuck_for": "19m28s", "last_step": "PAYMENT_CREATED", "exit_code": 1}, traced=False)
    # Verbose logging switched on by the auto-log service.
    for service, window, rate, messages in [("order-service", w, 1.0, DEBUG_MESSAGES) for w in Story.debug_order] + \
            [("cart-service", w, 0.5, CART_DEBUG_MESSAGES) for w in Story.debug_cart]:
        m = window[0]
        while True:
            m += -math.log(1.0 - r.random()) / rate / 60
            if m >= window[1]:
                break
            pods = ready_pods(service, "production", m)
            if not pods:
                continue
            pod = pods[int(r.random() * len(pods))]
            msg, fields = messages[int(r.random() * len(messages))]
            if msg == "pool stats":
                in_use = int(pool_open(pod, m) or 3 + r.randrange(6))
                fields = {"in_use": in_use, "idle": max(0, 7 - in_use), "waiting": 14 if in_use >= 25 else 0}
            emit(logs, pod.stream(), START_MS + m * 60_000, r, "debug", msg, dict(fields), traced=r.random() < 0.5)
    # Production cart-service consumes QA's clear.cart commands; QA's carts stay full.
    for env, rate, msg, fields in [
            ("production", 0.25, "clear.cart for unknown cart", {"queue": "clear.cart", "vhost": "/"}),
            ("qa", 0.08, "cart not cleared after checkout", {"queue": "clear.cart", "waited": "2m0s"})]:
        m = Story.rabbitmq[0]
        while True:
            m += -math.log(1.0 - r.random()) / rate / 60
            if m >= Story.rabbitmq[1]:
                break
            pod = ready_pods("cart-service", env, m)[0]
            emit(logs, pod.stream(), START_MS + m * 60_000, r, "error", msg,
                 dict(fields, cart_id="crt_" + hexid(r, 6)))


# ---------------------------------------------------------------- PostgreSQL (shared, namespace java-tasks)

QUERIES = [  # (datname, queryid, user, application, mean seconds, calls per minute)
    ("orderdb", "7195238734451276803", "order_svc", "order-service", 0.0012, 270.0),
    ("orderdb", "-5120466722012341795", "order_svc", "order-service", 0.0031, 90.0),
    ("paymentdb", "3319807418260115541", "payment_svc", "payment-service", 0.0024, 120.0),
    ("cartdb", "-887162375021398475", "cart_svc", "cart-service", 0.0009, 390.0),
    ("projectordb", "-3749382911526711872", "projector", "order-projector", 0.035, 4.0),
    ("projectordb", "2290164558715730036", "projector", "order-projector", 0.72, 0.25),
]
REGRESSED = QUERIES[4]
REPORT = QUERIES[5]


def query_mean(query, m):
    if query is REGRESSED and inside(m, Story.regression):
        return 1.6
    return query[4]


def postgres(metrics, logs):
    exporter = Target("postgres-exporter", "postgres-exporter.java-tasks.svc:9187", {"category": "infra"})
    r = rng("postgres")
    calls = {q[1]: 0 for q in QUERIES}
    restart = (Story.postgres_restart, Story.postgres_restart + 0.5)
    prev = exporter.scrapes[0] - SCRAPE_INTERVAL_MS
    for ts in exporter.scrapes:
        m = minute_of_ms(ts)
        for q in QUERIES:
            calls[q[1]] += poisson(r, q[5] * (ts - prev) / 60_000)
        prev = ts
        metrics.add("pg_up", exporter.labels, ts, 0 if inside(m, restart) else 1)
        if inside(m, restart):
            continue  # the exporter's queries fail while the server restarts
        for q in QUERIES:
            labels = dict(exporter.labels, datname=q[0], queryid=q[1], user=q[2])
            metrics.add("pg_stat_statements_mean_exec_time_seconds", labels, ts,
                        round(query_mean(q, m) * (1 + 0.05 * normal(r)), 6))
            metrics.add("pg_stat_statements_calls_total", labels, ts, calls[q[1]])
    exporter.up_series(metrics)

    stream = {"app": "postgres", "container": "postgres", "job": "java-tasks/postgres",
              "namespace": "java-tasks", "pod": "postgres-0"}
    def line(m, severity, message, backend="client backend", query=None, auto_explain=False, state=None, pid=None):
        ns = ns_at(m) + r.randrange(1, 999_999_999)
        if ns % 1_000_000_000 == 0:
            ns += 1
        rec = {}
        if auto_explain:
            rec["source"] = "auto_explain"  # added by the Promtail pipeline to plan records
        rec["timestamp"] = pg_time(ns)
        if query is not None:
            rec["user"], rec["dbname"] = query[2], query[0]
        rec["pid"] = pid or (4000 + r.randrange(900))
        if query is not None:
            rec["remote_host"], rec["remote_port"] = "10.42.3.7", 40000 + r.randrange(20000)
        rec["session_id"] = "676f%04x.%x" % (r.randrange(65536), rec["pid"])
        rec["line_num"] = 1 + r.randrange(40)
        if query is not None:
            rec["ps"] = "SELECT"
        rec["session_start"] = "2025-12-28 04:08:21 UTC" if m >= Story.postgres_restart + 0.36 else \
            "2025-12-27 23:10:06 UTC"
        rec["txid"] = 0
        rec["error_severity"] = severity
        if state:
            rec["state_code"] = state
        rec["message"] = message
        if query is not None:
            rec["application_name"] = query[3]
        rec["backend_type"] = backend
        rec["query_id"] = int(query[1]) if query is not None else 0
        logs.add(stream, ns, json.dumps(rec, separators=(",", ":")))

    def plan(m, query, seconds):
        if query is REGRESSED:
            node = {"Node Type": "Limit", "Actual Rows": 50, "Plans": [{
                "Node Type": "Sort", "Sort Key": ["placed_at DESC"], "Actual Rows": 50, "Plans": [{
                    "Node Type": "Seq Scan", "Relation Name": "order_projection", "Filter": "(customer_id = $1)",
                    "Rows Removed by Filter": 2381745, "Actual Rows": 212}]}]}
            text = "SELECT order_id, status, total_cents, placed_at FROM order_projection " \
                   "WHERE customer_id = $1 ORDER BY placed_at DESC LIMIT 50"
        else:
            node = {"Node Type": "Aggregate", "Strategy": "Hashed", "Actual Rows": 31, "Plans": [{
                "Node Type": "Index Scan", "Relation Name": "order_projection", "Index Name": "order_projection_placed_at_idx",
                "Index Cond": "(placed_at >= (now() - '1 day'::interval))", "Actual Rows": 48211}]}
            text = "SELECT date_trunc('hour', placed_at), count(*), sum(total_cents) FROM order_projection " \
                   "WHERE placed_at >= now() - interval '1 day' GROUP BY 1"
        body = json.dumps({"Query Text": text, "Plan": node}, indent=2)
        line(m, "LOG", "duration: %.3f ms  plan:\n%s" % (seconds * 1000, body), query=query, auto_explain=True)

    plans_on = lambda m: not (Story.postgres_restart <= m < Story.auto_explain_reload + 0.1)
    for k in range(MINUTES // 4):  # the hourly-dashboard report query runs every 4 minutes, 0.7 s each
        m = 0.6 + 4 * k + 0.1 * (r.random() - 0.5)
        if plans_on(m):
            plan(m, REPORT, REPORT[4] * (1 + 0.04 * normal(r)))
    m = Story.regression[0]
    while m < Story.regression[1]:  # every call of the regressed query is over 500 ms
        m += -math.log(1.0 - r.random()) / REGRESSED[5]
        if m < Story.regression[1] and plans_on(m):
            plan(m, REGRESSED, 1.6 * (1 + 0.05 * normal(r)))
    m = 1.7
    while m < MINUTES:  # checkpoints every five minutes
        if not inside(m, (Story.postgres_restart - 0.5, Story.postgres_restart + 1.0)):
            line(m, "LOG", "checkpoint starting: time", backend="checkpointer", pid=64)
            buffers = 800 + r.randrange(3000)
            line(m + 0.45, "LOG", "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, "
                 "1 recycled; write=26.9%02d s, sync=0.004 s, total=27.0%02d s; sync files=42, longest=0.002 s, "
                 "average=0.001 s; distance=%d kB, estimate=%d kB" % (
                     buffers, buffers / 163.84, r.randrange(100), r.randrange(100), 9000 + r.randrange(4000),
                     11000 + r.randrange(1000)), backend="checkpointer", pid=64)
        m += 5.0
    t = Story.postgres_restart
    for dm, sev, msg, backend, state in [
            (0.00, "LOG", "received fast shutdown request", "postmaster", None),
            (0.01, "LOG", "aborting any active transactions", "postmaster", None),
            (0.03, "FATAL", "terminating connection due to administrator command", "client backend", "57P01"),
            (0.05, "LOG", "background worker \"logical replication launcher\" (PID 71) exited with exit code 1",
             "postmaster", None),
            (0.08, "LOG", "shutting down", "checkpointer", None),
            (0.12, "FATAL", "the database system is shutting down", "client backend", "57P03"),
            (0.16, "LOG", "database system is shut down", "postmaster", None),
            (0.24, "LOG", "starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by "
             "gcc (Debian 12.2.0-14) 12.2.0, 64-bit", "postmaster", None),
            (0.25, "LOG", "listening on IPv4 address \"0.0.0.0\", port 5432", "postmaster", None),
            (0.29, "FATAL", "the database system is starting up", "client backend", "57P03"),
            (0.33, "LOG", "database system was shut down at 2025-12-28 04:08:05 UTC", "startup", None),
            (0.36, "LOG", "database system is ready to accept connections", "postmaster", None)]:
        line(t + dm, sev, msg, backend=backend, state=state, pid=1 if backend == "postmaster" else None)
    line(Story.auto_explain_reload, "LOG", "received SIGHUP, reloading configuration files", backend="postmaster", pid=1)
    line(Story.auto_explain_reload + 0.01, "LOG",
         "parameter \"auto_explain.log_min_duration\" changed to \"500ms\"", backend="postmaster", pid=1)


# ---------------------------------------------------------------- the observability stack

def stack(metrics, logs):
    targets = {job: Target(job, instance, {"category": "infra"}, down=down) for job, instance, down in [
        ("prometheus", "localhost:9090", ()),
        ("alertmanager", "alertmanager:9093", ()),
        ("grafana", "grafana:3000", ()),
        ("loki", "loki:3100", ()),
        ("tempo", "tempo:3200", [Story.tempo_down]),
        ("otel-collector", "otel-collector:8888", ()),
        ("node-exporter", "obs-droplet:9100", ()),
    ]}
    for t in targets.values():
        t.up_series(metrics)

    # Prometheus: compaction pushes the blocks over 80 % of the 50 GiB budget, retention brings them back.
    prom = targets["prometheus"]
    for ts in prom.scrapes:
        m = minute_of_ms(ts)
        share = 0.790 + 0.0002 * m / 10
        if Story.storage_step_up <= m < Story.storage_step_down:
            share = 0.825
        elif m >= Story.storage_step_down:
            share = 0.776
        metrics.add("prometheus_tsdb_storage_blocks_bytes", prom.labels, ts, int(share * 50 * GIB) // 512 * 512)

    # Alertmanager: the e-mail integration fails (SMTP 535, rotated password); the webhook works.
    am = targets["alertmanager"]
    integrations = ["email", "opsgenie", "pagerduty", "pushover", "slack", "sns", "telegram", "victorops",
                    "webhook", "wechat"]
    sent = {i: 0 for i in integrations}
    failed = {i: 0 for i in integrations}
    for k, ts in enumerate(am.scrapes):
        m = minute_of_ms(ts)
        if m >= 1.0:
            sent["webhook"] += 1 if k % 4 == 0 else 0  # Watchdog's repeat and the incident's alerts
            sent["email"] += 1 if k % 8 == 0 else 0
        if inside(m, Story.smtp_failing) and k % 2 == 0:
            sent["email"] += 1
            failed["email"] += 1
        for i in integrations:
            labels = dict(am.labels, integration=i)
            metrics.add("alertmanager_notifications_total", labels, ts, sent[i])
            metrics.add("alertmanager_notifications_failed_total", labels, ts, failed[i])

    # Loki: lines received are the lines of this recording (one tenant).
    loki = targets["loki"]
    stamps = logs.all_timestamps()
    i = 0
    for ts in loki.scrapes:
        while i < len(stamps) and stamps[i] <= ts * 1_000_000:
            i += 1
        metrics.add("loki_distributor_lines_received_total", dict(loki.labels, tenant="fake"), ts, i)

    # OpenTelemetry Collector: the verbose sessions' volume and Loki's push-back fill its memory;
    # the memory_limiter refuses data; Tempo's restart makes the trace exporter fail.
    otel = targets["otel-collector"]
    r = rng("otel")
    base = dict(otel.labels, service_instance_id="5f0c3a8e-2b1d-4c6e-9a7f-0d3e8b1c2a64",
                service_name="otelcol-contrib", service_version="0.115.1")
    rss = curve((0, 0.41), (66, 0.43), (72, 0.93), (98, 0.935), (99.5, 0.52), (180, 0.47))
    dropped = {"spans": 0, "log_records": 0, "metric_points": 0}
    windows = {"spans": Story.collector_drops_spans, "log_records": Story.collector_drops_logs,
               "metric_points": Story.collector_drops_metrics}
    exporters = {"spans": "otlp/tempo", "log_records": "otlphttp/loki", "metric_points": "prometheusremotewrite"}
    volume = {"spans": 260.0, "log_records": 95.0, "metric_points": 1400.0}
    sent_x = {k: 0 for k in exporters}
    failed_x = {k: 0 for k in exporters}
    for ts in otel.scrapes:
        m = minute_of_ms(ts)
        metrics.add("otelcol_process_memory_rss", base, ts,
                    int(rss(m) * (1 + 0.004 * normal(r)) * 512 * MIB) // 4096 * 4096)
        for kind in exporters:
            if inside(m, windows[kind]):
                dropped[kind] += 40 + r.randrange(400)
            n = int(volume[kind] * 15 * (1 + 0.1 * normal(r)))
            if kind == "log_records" and any(inside(m, w) for w in Story.debug_order):
                n *= 3
            if kind == "spans" and inside(m, Story.tempo_down):
                failed_x[kind] += n
            else:
                sent_x[kind] += n
            metrics.add("otelcol_processor_dropped_" + kind + "_total", dict(base, processor="memory_limiter"),
                        ts, dropped[kind])
            labels = dict(base, exporter=exporters[kind])
            metrics.add("otelcol_exporter_sent_" + kind + "_total", labels, ts, sent_x[kind])
            metrics.add("otelcol_exporter_send_failed_" + kind + "_total", labels, ts, failed_x[kind])

    # node-exporter on the observability droplet. /var/lib/docker holds Loki's chunks: the verbose
    # sessions fill it until Loki's compactor deletes expired chunks. The container overlay reports
    # the same filesystem and /dev/shm is full by design; the rules exclude both by fstype.
    node = targets["node-exporter"]
    docker = curve((0, 74.0), (64, 75.3), (96, 91.0), (104, 92.4), (106.5, 92.6), (107.0, 86.0), (126, 87.9),
                   (126.5, 77.6), (180, 78.4))
    filesystems = [
        ("/dev/vda1", "ext4", "/", 160 * GIB, lambda m: 41.0 + 0.002 * m),
        ("/dev/sda", "ext4", "/var/lib/docker", 500 * GIB, docker),
        ("overlay", "overlay", "/var/lib/docker/overlay2/9c1e4f0b7d2a/merged", 500 * GIB, docker),
        ("shm", "tmpfs", "/dev/shm", 64 * MIB, lambda m: 96.0),
        ("tmpfs", "tmpfs", "/run", 1600 * MIB, lambda m: 3.1),
    ]
    for ts in node.scrapes:
        m = minute_of_ms(ts)
        for device, fstype, mountpoint, size, used in filesystems:
            labels = dict(node.labels, device=device, fstype=fstype, mountpoint=mountpoint)
            metrics.add("node_filesystem_size_bytes", labels, ts, size)
            metrics.add("node_filesystem_avail_bytes", labels, ts, int(size * (1 - used(m) / 100)) // 4096 * 4096)


def kube_events(logs):
    """kubernetes-event-exporter ships Warning events to Loki (seed 003, ADR 10)."""
    r = rng("events")
    pod = PODS[0]
    for m, reason, message, count in [
            (Story.k2xlp_fatal + 0.05, "BackOff",
             "Back-off restarting failed container order-service in pod %s_go-ecommerce(4c1d6a2e)" % pod.name, 1),
            (Story.k2xlp_fatal + 1.1, "BackOff",
             "Back-off restarting failed container order-service in pod %s_go-ecommerce(4c1d6a2e)" % pod.name, 2),
            (Story.k2xlp_fatal - 2.0, "Unhealthy",
             "Liveness probe failed: Get \"http://10.42.1.17:8080/healthz\": context deadline exceeded", 1)]:
        ns = ns_at(m) + r.randrange(1, 999_999)
        stamp = rfc3339nano(ns - ns % 1_000_000_000)
        event = {"metadata": {"name": "%s.%x" % (pod.name, r.getrandbits(56)), "namespace": "go-ecommerce"},
                 "reason": reason, "message": message, "type": "Warning", "count": count,
                 "involvedObject": {"kind": "Pod", "namespace": "go-ecommerce", "name": pod.name},
                 "firstTimestamp": stamp, "lastTimestamp": stamp}
        logs.add({"job": "kube-event-exporter", "namespace": "go-ecommerce", "reason": reason, "kind": "Pod",
                  "name": pod.name}, ns, json.dumps(event, separators=(",", ":")))


# ---------------------------------------------------------------- main

FAMILIES = [
    ("up", "gauge"),
    ("http_requests", "counter"), ("http_request_duration_seconds", "histogram"),
    ("saga_steps", "counter"), ("process_resident_memory_bytes", "gauge"), ("process_memory_limit_bytes", "gauge"),
    ("db_connections_open", "gauge"), ("db_connections_max", "gauge"), ("go_goroutines", "gauge"),
    ("pg_up", "gauge"), ("pg_stat_statements_mean_exec_time_seconds", "gauge"), ("pg_stat_statements_calls", "counter"),
    ("prometheus_tsdb_storage_blocks_bytes", "gauge"),
    ("alertmanager_notifications", "counter"), ("alertmanager_notifications_failed", "counter"),
    ("loki_distributor_lines_received", "counter"),
    ("otelcol_process_memory_rss", "gauge"),
    ("otelcol_processor_dropped_spans", "counter"), ("otelcol_processor_dropped_log_records", "counter"),
    ("otelcol_processor_dropped_metric_points", "counter"),
    ("otelcol_exporter_sent_spans", "counter"), ("otelcol_exporter_sent_log_records", "counter"),
    ("otelcol_exporter_sent_metric_points", "counter"),
    ("otelcol_exporter_send_failed_spans", "counter"), ("otelcol_exporter_send_failed_log_records", "counter"),
    ("otelcol_exporter_send_failed_metric_points", "counter"),
    ("node_filesystem_size_bytes", "gauge"), ("node_filesystem_avail_bytes", "gauge"),
]


def compress(plain, target):
    subprocess.run(["zstd", "-19", "-q", "-f", plain, "-o", target], check=True)


def main():
    keep = "--plain" in sys.argv[1:]
    metrics, logs = Metrics(), Logs()
    for family, kind in FAMILIES:
        metrics.declare(family, kind)
    for pod in PODS:
        simulate_pod(pod, metrics, logs)
    app_logs(logs)
    postgres(metrics, logs)
    kube_events(logs)
    stack(metrics, logs)  # last: Loki's counter counts every line above

    outputs = []
    for name, store in [("metrics.om", metrics), ("logs.jsonl", logs)]:
        plain = os.path.join(HERE, name)
        with open(plain, "w", encoding="utf-8", newline="\n") as out:
            a, b = store.write(out)
        compress(plain, plain + ".zst")
        outputs.append((name, a, b, os.path.getsize(plain), os.path.getsize(plain + ".zst")))
        if not keep:
            os.remove(plain)
    for name, a, b, raw, packed in outputs:
        unit = "series" if name.startswith("metrics") else "streams"
        what = "samples" if name.startswith("metrics") else "lines"
        print("%-11s %4d %s, %7d %s, %6.1f MB plain, %5.0f kB zstd -19" % (
            name, a, unit, b, what, raw / 1e6, packed / 1e3))


if __name__ == "__main__":
    main()
