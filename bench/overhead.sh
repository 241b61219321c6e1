#!/usr/bin/env bash
# Build and run overhead: Slipway against the Docker CLI, interleaved, medians.
#   bench/overhead.sh [ROUNDS]        (default 7; needs `mvn -B -q compile` first and a Docker engine)
# A small context FROM slipway/busybox:test (a COPY, two RUNs, an ENV and a CMD) is built without cache through
# Slipway (raw tar body, noCache=true, timed from the POST until the job is final) and with `docker build --no-cache`;
# a run of `sleep` through Slipway (timed from the POST until the job says running, its container checked running)
# against `docker run -d`. Slipway's jobs are followed through their event streams, as a user does (polling would
# load the server that shares the two cores with the engine). Each Slipway time is also divided by the CLI time
# measured right after it, and the median of those paired ratios is printed: on a shared machine the load drifts,
# and pairs cancel most of that drift.
# Environment: CLASSES (default target/classes) is the Slipway measured; BASELINE_CLASSES, when set, is a second
# Slipway (e.g. a copy of target/classes from before a change) measured side by side in the same rounds.
# WARMUP (default 2) rounds are not counted; PHASES=1 prints the phases of each Slipway build; OVERHEAD_LOG=FILE
# keeps the server's log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-7}
PORT=${OVERHEAD_PORT:-18431}
WORK=$(mktemp -d /tmp/slipway-overhead.XXXXXX)
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
mkdir -p "$WORK/ctx"
for f in a b c; do head -c 20000 /dev/urandom | base64 > "$WORK/ctx/$f.txt"; done
cat > "$WORK/ctx/Dockerfile" <<'EOF'
FROM slipway/busybox:test
COPY a.txt b.txt c.txt /files/
RUN ls -l /files && wc -c /files/a.txt > /count
RUN echo built > /built && cat /count
ENV SLIPWAY_OVERHEAD_BENCH=1
CMD ["sh"]
EOF
tar -cf "$WORK/ctx.tar" -C "$WORK/ctx" .

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ -n "${OVERHEAD_LOG:-}" ]; then cp "$WORK/server-$PORT.log" "$OVERHEAD_LOG" || true; fi
  rm -rf "$WORK"
  local images
  images=$(docker images -q slipway-bench/overhead 2>/dev/null | sort -u)
  if [ -n "$images" ]; then docker rmi -f $images >/dev/null 2>&1 || true; fi
  # Each build moved its tag on and left the image before untagged: those carry this context's ENV.
  for id in $(docker images -q -f dangling=true | sort -u); do
    if docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$id" 2>/dev/null | grep -qx 'SLIPWAY_OVERHEAD_BENCH=1'; then
      docker rmi "$id" >/dev/null 2>&1 || true
    fi
  done
}
trap cleanup EXIT

start_server() {  # classes port
  mkdir -p "$WORK/data-$2"
  cat > "$WORK/config-$2.json" <<EOF
{"httpPort": $2, "bindAddress": "127.0.0.1", "dataDir": "$WORK/data-$2", "appsDir": "$WORK/ctx",
 "adminPassword": "overhead-bench-pw", "maxRunningPerUser": 50}
EOF
  java -Xmx512m -cp "$1:$(cat "$WORK/cp.txt")" dev.slipway.Main "$WORK/config-$2.json" > "$WORK/server-$2.log" 2>&1 &
  PIDS+=($!)
}
wait_server() {  # port
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "Slipway on port $1 did not start" >&2
  cat "$WORK/server-$1.log" >&2
  return 1
}
PORTS="$PORT"
start_server "${CLASSES:-target/classes}" "$PORT"
if [ -n "${BASELINE_CLASSES:-}" ]; then
  start_server "$BASELINE_CLASSES" $((PORT + 1))
  PORTS="$PORT,$((PORT + 1))"
fi
for p in ${PORTS//,/ }; do wait_server "$p"; done

python3 - "$PORTS" "$WORK" "$ROUNDS" <<'PY'
import base64, http.client, json, os, socket, statistics, subprocess, sys, time
from datetime import datetime
from urllib.parse import quote

ports, work, rounds = [int(p) for p in sys.argv[1].split(",")], sys.argv[2], int(sys.argv[3])
FINAL = {"succeeded", "failed", "cancelled"}
PHASES = os.environ.get("PHASES")
tar = open(f"{work}/ctx.tar", "rb").read()

class Slipway:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        basic = "Basic " + base64.b64encode(b"admin:overhead-bench-pw").decode()
        # A token, not Basic: Basic costs a password hash (Argon2id) on every request.
        self.auth = basic
        self.auth = "Bearer " + self.call("POST", "/api/tokens", json.dumps({"name": "bench"}), "application/json")["token"]

    def call(self, method, path, body=None, ctype=None):
        headers = {"Authorization": self.auth}
        if ctype:
            headers["Content-Type"] = ctype
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        data = r.read()
        if r.status >= 300:
            raise SystemExit(f"{method} {path}: {r.status} {data[:300]!r}")
        return json.loads(data) if data else None

    def until(self, job_id, done):
        """Follows the job's event stream (as a user does; polling would load the server) until done(job)."""
        events = http.client.HTTPConnection(self.conn.host, self.conn.port)
        events.request("GET", f"/api/jobs/{job_id}/events", headers={"Authorization": self.auth})
        stream = events.getresponse()
        event = None
        try:
            while True:
                raw = stream.readline()  # the response's own readline: the stream is chunked
                if not raw:
                    raise SystemExit(f"the event stream of {job_id} ended before the job did")
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "state":
                    job = json.loads(line[6:])
                    if done(job):
                        return job
        finally:
            events.close()

    def build(self):
        wall, t = time.time(), time.perf_counter()
        job = self.call("POST", "/api/builds?tag=slipway-bench/overhead:slipway&noCache=true", tar, "application/x-tar")
        replied = time.perf_counter() - t
        job = self.until(job["id"], lambda j: j["state"] in FINAL)
        took = time.perf_counter() - t
        assert job["state"] == "succeeded", job
        if PHASES:
            at = lambda k: (datetime.fromisoformat(job[k].replace("Z", "+00:00")).timestamp() - wall) * 1000
            print(f"  {self.conn.port} build phases (ms): reply {replied * 1000:.0f} created {at('createdAt'):.0f} "
                  f"started {at('startedAt'):.0f} finished {at('finishedAt'):.0f} seen {took * 1000:.0f}")
        return took

    def run(self):
        t = time.perf_counter()
        job = self.call("POST", "/api/runs", json.dumps({"image": "slipway/busybox:test", "command": SLEEP}),
                        "application/json")
        job = self.until(job["id"], lambda j: j["state"] != "queued")
        took = time.perf_counter() - t
        cid = job.get("containerId")
        state = subprocess.run(["docker", "inspect", "-f", "{{.State.Status}}", cid or "none"], capture_output=True,
                               text=True).stdout.strip()
        assert job["state"] == "running" and state == "running", (job, state)
        subprocess.run(["docker", "rm", "-f", cid], check=True, stdout=subprocess.DEVNULL)
        return took

def cli_build(*labels):
    t = time.perf_counter()
    subprocess.run(["docker", "build", "--no-cache", *labels, "-t", "slipway-bench/overhead:cli", f"{work}/ctx"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t

class EngineSocket(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect("/var/run/docker.sock")

# Slipway labels every image it builds, and the classic builder adds a step (LABEL) per label at the end.
SLIPWAY_LABEL = "dev.slipway.image=" + json.dumps({"job": "bench", "user": "admin", "instance": "bench"})

def engine_build():
    """The engine's build API called directly with Slipway's parameters: the floor for Slipway."""
    labels = quote(json.dumps(dict([SLIPWAY_LABEL.split("=", 1)])))
    t = time.perf_counter()
    engine = EngineSocket("localhost")
    engine.request("POST", "/v1.41/build?t=slipway-bench/overhead:engine&nocache=true&rm=true&forcerm=true"
                   f"&labels={labels}", body=tar, headers={"Content-Type": "application/x-tar"})
    out = engine.getresponse().read()
    took = time.perf_counter() - t
    engine.close()
    assert b'"aux"' in out, out[-300:]
    return took

SLEEP = ["sleep", "300"]
def cli_run(*limits):
    t = time.perf_counter()
    cid = subprocess.run(["docker", "run", "-d", *limits, "slipway/busybox:test", *SLEEP], check=True,
                         capture_output=True, text=True).stdout.strip()
    took = time.perf_counter() - t
    subprocess.run(["docker", "rm", "-f", cid], check=True, stdout=subprocess.DEVNULL)
    return took

servers = [Slipway(p) for p in ports]
names = ["slipway"] + (["baseline"] if len(servers) > 1 else [])
cases = {}
for name, server in zip(names, servers):
    cases[f"{name} build"] = server.build
cases["docker build"] = cli_build
cases["docker build (Slipway's label)"] = lambda: cli_build("--label", SLIPWAY_LABEL)
cases["engine API build (Slipway's)"] = engine_build
for name, server in zip(names, servers):
    cases[f"{name} run"] = server.run
cases["docker run -d"] = cli_run
cases["docker run -d (Slipway's limits)"] = lambda: cli_run("--memory", "1g", "--memory-swap", "1g", "--cpus", "1",
                                                            "--pids-limit", "1024")
for _ in range(int(os.environ.get("WARMUP", "2"))):  # the JIT, the engine's caches: not counted
    for case in cases.values():
        case()
times = {name: [] for name in cases}
for _ in range(rounds):
    for name, case in cases.items():
        times[name].append(case() * 1000)

def med(name):
    return statistics.median(times[name])

def paired(a, b):
    return statistics.median(x / y for x, y in zip(times[a], times[b]))

for name, v in times.items():
    print(f"{name:34s} median {med(name):6.0f} ms   ({' '.join(f'{x:.0f}' for x in v)})")
for name in names:
    print(f"{name}: build {med(name + ' build') / med('docker build'):.2f}x docker build "
          f"(paired {paired(name + ' build', 'docker build'):.2f}x; "
          f"{med(name + ' build') / med('docker build (Slipway' + chr(39) + 's label)'):.2f}x with the same label; "
          f"paired {paired(name + ' build', 'engine API build (Slipway' + chr(39) + 's)'):.2f}x the engine's API), "
          f"run {med(name + ' run') / med('docker run -d'):.2f}x docker run -d "
          f"(paired {paired(name + ' run', 'docker run -d'):.2f}x)")
PY
