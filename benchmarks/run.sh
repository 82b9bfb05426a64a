#!/usr/bin/env bash
# Linli side by side with PostgreSQL/PostGIS, Redis GEO, plain Lucene and a brute-force scan, in one run.
#
#   benchmarks/run.sh [providers] [extra Compare options, e.g. --uniform --seconds 5]
#
# Installs what it needs from Debian (PostgreSQL 15 + PostGIS 3, Redis) when run as root and they are missing,
# builds the jars, starts a private PostgreSQL and Redis on loopback (ports 55433 and 56379, in a temporary
# directory, stopped at exit), and writes benchmarks/results/<date>/report.md, results.csv and
# latency-throughput.png. Default size: 1 000 000 providers. LINLI_COMPARE_HEAP sets the comparison JVM's heap
# (default 11g; ten million providers need about 20g). See benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PROVIDERS="${1:-1000000}"
shift || true
PG_PORT=55433
REDIS_PORT=56379
PG_BIN=/usr/lib/postgresql/15/bin

missing=()
[ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "run.sh: missing ${missing[*]}; run as root once, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Rebuild when either jar is missing or older than any source or pom (each jar is checked: one can be rebuilt
# alone, as `mvn -pl ranking,benchmarks install` does, and leave the other stale).
stale() {
  [ ! -f "$1" ] || [ -n "$(find matcher-core ranking geo-data api-server benchmarks pom.xml \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -type f -newer "$1" | head -1)" ]
}
if stale benchmarks/target/benchmarks.jar || stale api-server/target/linli-server.jar; then
  mvn -B -q -DskipTests package
fi

WORK=$(mktemp -d /tmp/linli-compare.XXXX)
chmod 755 "$WORK"
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$WORK"
  RUN_AS=(setpriv --reuid=postgres --regid=postgres --clear-groups)
fi
cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# PostgreSQL, tuned as a DBA would for a read-mostly geo workload on this machine (durability defaults kept).
"${RUN_AS[@]}" "$PG_BIN/initdb" -A trust -U postgres -D "$WORK/pg" -E UTF-8 --locale=C >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start -o "-p $PG_PORT \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK -c shared_buffers=2GB \
  -c effective_cache_size=8GB -c work_mem=32MB -c maintenance_work_mem=1GB -c random_page_cost=1.1 \
  -c effective_io_concurrency=200 -c jit=off -c max_wal_size=4GB -c max_connections=100 \
  -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_custom_plan" >/dev/null

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --dir "$WORK" > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!

OUT="benchmarks/results/$(date +%F)${LINLI_COMPARE_SUFFIX:-}"
# The heap is fixed and touched at start (-Xms = -Xmx, AlwaysPreTouch), as for a server that holds its data in
# memory: on this VM the first touch of each heap page faults in the guest and in the host, which made a build
# into a fresh heap about twice as slow as the same build into a touched one. Every in-process engine runs here.
# DebugNonSafepoints keeps where inlined code came from at every instruction, not only at safepoints, so that the
# in-process profile (async-profiler) names the method a sample fell in; it does not change the compiled code.
HEAP="${LINLI_COMPARE_HEAP:-11g}"
java -Xms"$HEAP" -Xmx"$HEAP" -XX:+AlwaysPreTouch -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar org.linli.benchmarks.compare.Compare \
  --providers "$PROVIDERS" --out "$OUT" --work "${LINLI_COMPARE_DATA:-/tmp/linli-compare-data}" \
  --pg "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --redis "127.0.0.1:$REDIS_PORT" \
  --jar api-server/target/linli-server.jar "$@"
echo "report: $OUT/report.md"
