#!/usr/bin/env python3
"""End-to-end benchmarks of `migrate` against its floor and its peers (issue 7).

Run through bench/run.sh, which builds the binaries and installs the peers;
this script generates the inputs, starts its own PostgreSQL clusters (through
tests/support/pg_cluster.sh), measures, and writes the results as Markdown
tables (results.md) and JSON (results.json) to --out.

Every measured command is a child process reaped with wait4(2), which gives
its wall time, its CPU time (user + sys, of the process and anything it
waited for) and its peak resident set size. Each case runs several times; the
tables show medians. "The floor" is the same SQL, each migration in its own
BEGIN/COMMIT, piped through one `sqlite3` / `psql` process: what the database
itself costs. Each case runs twice, with the database files (and the
PostgreSQL data directory) on disk and on /dev/shm, both with the databases'
durable defaults (SQLite synchronous=FULL; PostgreSQL fsync=on,
synchronous_commit=on), so the disk rows include the fsyncs and the memory
rows show the tools' own overhead.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SIZES = {
    # Keeps CI under a minute: a few migrations, one run, memory only.
    "smoke": dict(upgrade_ns=[20], branchy_n=20, runs=1, noop_ns=[200], noop_runs=1,
                  verify_tables=200, verify_runs=1, rss_n=200, storages=["shm"],
                  peer_noop_n=None),
    # The sizes of issue 7; finishes in well under 30 minutes on 2 cores.
    "full": dict(upgrade_ns=[100, 1000], branchy_n=1000, runs=3, noop_ns=[1000, 10000],
                 noop_runs=5, verify_tables=10000, verify_runs=5, rss_n=10000,
                 storages=["disk", "shm"], peer_noop_n=1000),
}

VERSION_TABLES = ("migrate_version", "migrate_history")

# What --only selects: re-measure one part after a change without the rest.
CASE_GROUPS = ("upgrade", "verification", "noop", "memory", "peers")


# --- inputs ------------------------------------------------------------------

def revision_id(i):
    """12 hex digits, as `migrate revision` makes them (bench/micro/bench_inputs.cc's RevisionId)."""
    mask = (1 << 64) - 1
    x = (i + 0x9E3779B97F4A7C15) & mask
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & mask
    x ^= x >> 31
    return "%012x" % (x & 0xFFFFFFFFFFFF)


def table_statements(i):
    """The upgrade of migration i: a table with a handful of columns, an index, three rows."""
    t = "t%05d" % i
    return [
        f"CREATE TABLE {t} (\n"
        "    id integer PRIMARY KEY,\n"
        "    name text NOT NULL,\n"
        "    email text,\n"
        "    amount numeric(12, 2) NOT NULL DEFAULT 0,\n"
        "    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
        ")",
        f"CREATE INDEX ix_{t}_name ON {t} (name)",
        f"INSERT INTO {t} (id, name, email, amount) VALUES\n"
        "    (1, 'alice', 'alice@example.com', 10.50),\n"
        "    (2, 'bob', 'bob@example.com', 0),\n"
        "    (3, 'carol; the third', NULL, 7.25)",
    ]


class Migration:
    def __init__(self, index, parents, statements):
        self.index = index
        self.id = revision_id(index)
        self.parents = parents  # revision ids
        self.statements = statements  # [] for a merge point


def linear_chain(n):
    return [Migration(i, [revision_id(i - 1)] if i else [], table_statements(i)) for i in range(n)]


def branchy_graph(n):
    """Blocks of ten: a branch point, two branches of four, a merge (bench_inputs.cc's BranchyGraph)."""
    assert n % 10 == 0
    out = []
    for start in range(0, n, 10):
        out.append(Migration(start, [revision_id(start - 1)] if start else [], table_statements(start)))
        for branch in range(2):
            first = start + 1 + branch * 4
            for i in range(first, first + 4):
                parent = start if i == first else i - 1
                out.append(Migration(i, [revision_id(parent)], table_statements(i)))
        out.append(Migration(start + 9, [revision_id(start + 4), revision_id(start + 8)], []))
    return out


def write_migrate_project(directory, migrations):
    os.makedirs(os.path.join(directory, "migrations"), exist_ok=True)
    with open(os.path.join(directory, "migrate.toml"), "w") as f:
        f.write('[migrate]\nurl = "sqlite:///unused.db"\nscript_location = "migrations"\n')
    for m in migrations:
        body = "".join(s + ";\n" for s in m.statements)
        down = f"DROP TABLE t{m.index:05d};\n" if m.statements else ""
        text = (f"-- step {m.index}\n--\n-- revision: {m.id}\n"
                f"-- down_revision: {', '.join(m.parents)}\n"
                "-- create_date: 2026-11-22 10:00:00\n\n"
                f"-- migrate:upgrade\n{body}\n-- migrate:downgrade\n{down}")
        with open(os.path.join(directory, "migrations", f"{m.id}_step_{m.index}.sql"), "w") as f:
            f.write(text)


def write_floor(path, migrations):
    with open(path, "w") as f:
        for m in migrations:
            f.write("BEGIN;\n")
            for s in m.statements:
                f.write(s + ";\n")
            f.write("COMMIT;\n")


ALEMBIC_ENV = '''\
from alembic import context
from sqlalchemy import create_engine, pool

url = context.get_x_argument(as_dictionary=True)["url"]
engine = create_engine(url, poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
'''


def write_alembic_project(directory, migrations):
    versions = os.path.join(directory, "alembic", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(directory, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/alembic\n")
    with open(os.path.join(directory, "alembic", "env.py"), "w") as f:
        f.write(ALEMBIC_ENV)
    for m in migrations:
        if len(m.parents) > 1:
            down = repr(tuple(m.parents))
        else:
            down = repr(m.parents[0]) if m.parents else "None"
        ups = "".join(f"    op.execute({s!r})\n" for s in m.statements) or "    pass\n"
        with open(os.path.join(versions, f"{m.id}_step_{m.index}.py"), "w") as f:
            f.write(f"from alembic import op\n\nrevision = {m.id!r}\ndown_revision = {down}\n"
                    "branch_labels = None\ndepends_on = None\n\n\n"
                    f"def upgrade():\n{ups}\n\ndef downgrade():\n"
                    f"    op.execute('DROP TABLE t{m.index:05d}')\n")


def write_dbmate_project(directory, migrations):
    os.makedirs(directory, exist_ok=True)
    for m in migrations:
        body = "".join(s + ";\n" for s in m.statements)
        with open(os.path.join(directory, f"{m.index + 1:06d}_step.sql"), "w") as f:
            f.write(f"-- migrate:up\n{body}\n-- migrate:down\nDROP TABLE t{m.index:05d};\n")


# --- measuring ---------------------------------------------------------------

class CommandFailed(Exception):
    pass


def clean_env():
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env["NO_COLOR"] = "1"
    env["PGCONNECT_TIMEOUT"] = "10"
    return env


TIME = "/usr/bin/time"  # GNU time, for peak memory


def run_timed(argv, stdin_path=None, rss=False):
    """Runs argv (stdout discarded) and returns (wall s, CPU s, max RSS KiB or None).

    posix_spawn + wait4: the harness adds well under a millisecond (Popen
    adds several). CPU is user + sys of the process and what it waited for.
    wait4's max RSS is useless here (exec keeps the spawning Python's peak),
    so with rss=True the command runs under GNU time, whose %M is the
    child's own peak; that run's times then include time's own fork.
    Raises CommandFailed on a non-zero exit, with the end of stderr.
    """
    env = clean_env()
    path = shutil.which(argv[0], path=env.get("PATH"))
    if path is None:
        raise CommandFailed(f"{argv[0]}: not found")
    argv = [path, *argv[1:]]
    rss_file = None
    if rss:
        if not os.access(TIME, os.X_OK):
            rss = False
        else:
            rss_file = tempfile.NamedTemporaryFile(prefix="bench-rss-", delete=False)
            rss_file.close()
            argv = [TIME, "-f", "%M", "-o", rss_file.name, *argv]
    with tempfile.TemporaryFile() as err:
        devnull = os.open(os.devnull, os.O_RDWR)
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, err.fileno(), 2)]
        if stdin_path:
            actions.append((os.POSIX_SPAWN_OPEN, 0, stdin_path, os.O_RDONLY, 0))
        else:
            actions.append((os.POSIX_SPAWN_DUP2, devnull, 0))
        try:
            start = time.perf_counter()
            pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
            _, status, usage = os.wait4(pid, 0)
            wall = time.perf_counter() - start
        finally:
            os.close(devnull)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            text = err.read().decode(errors="replace").strip()
            raise CommandFailed(f"{' '.join(argv)} exited {code}: {text[-2000:]}")
    max_rss = None
    if rss_file:
        with open(rss_file.name) as f:
            max_rss = int(f.read().split()[-1])
        os.remove(rss_file.name)
    return wall, usage.ru_utime + usage.ru_stime, max_rss


def run_quiet(argv, cwd=None, input_text=None):
    proc = subprocess.run(argv, cwd=cwd, env=clean_env(), input=input_text, text=True,
                          capture_output=True)
    if proc.returncode != 0:
        raise CommandFailed(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    return proc.stdout


class Stats:
    def __init__(self, samples):
        self.samples = samples
        self.wall = statistics.median(s[0] for s in samples)
        self.cpu = statistics.median(s[1] for s in samples)
        rss = [s[2] for s in samples if s[2] is not None]
        self.rss_kb = max(rss) if rss else None

    def to_json(self):
        return {"wall_s": self.wall, "cpu_s": self.cpu, "max_rss_kb": self.rss_kb,
                "samples": [list(s) for s in self.samples]}


def measure(runs, prepare, argv_fn, rss=False):
    """prepare() before each run (untimed) returns the context argv_fn(ctx) -> argv needs.

    With rss, one more run under GNU time gives the peak memory; its times are not counted.
    """
    samples = []
    for _ in range(runs):
        samples.append(run_timed(argv_fn(prepare())))
    stats = Stats(samples)
    if rss:
        stats.rss_kb = run_timed(argv_fn(prepare()), rss=True)[2]
    return stats


# --- databases ---------------------------------------------------------------

class PgCluster:
    """A PostgreSQL 15 of our own (pg_cluster.sh), switched back to durable settings."""

    def __init__(self, script, directory):
        self.script = script
        self.directory = directory
        run_quiet(["bash", script, "start", directory])
        with open(os.path.join(directory, "url")) as f:
            self.url = f.read().strip()  # .../postgres, superuser, trusted on loopback
        self.base_url = self.url.rsplit("/", 1)[0]
        # pg_cluster.sh turns durability off for tests; a benchmark of
        # commits must pay for them as a production server does.
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            self.admin(f"ALTER SYSTEM SET {setting} = on")
        self.admin("SELECT pg_reload_conf()")
        self.version = self.admin("SHOW server_version").strip()
        self.counter = 0

    def new_database(self, previous):
        """A new empty database; drops `previous` (a name, or None) first. Returns the new name."""
        if previous:
            self.admin(f"DROP DATABASE IF EXISTS {previous}")
        self.counter += 1
        self.admin(f"CREATE DATABASE bench_{self.counter}")
        return f"bench_{self.counter}"

    def admin(self, sql, db="postgres"):
        return run_quiet(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
                          f"{self.base_url}/{db}", "-c", sql])

    def stop(self):
        run_quiet(["bash", self.script, "stop", self.directory])


class Backend:
    """One database kind on one storage: how each tool names it and how to get a fresh one."""

    def __init__(self, kind, storage, root, cluster=None):
        self.kind = kind  # "sqlite" | "postgresql"
        self.storage = storage  # "disk" | "shm"
        self.root = root
        self.cluster = cluster
        self.db = None

    def fresh(self):
        if self.kind == "sqlite":
            self.db = os.path.join(self.root, "bench.db")
            for suffix in ("", "-journal", "-wal", "-shm"):
                if os.path.exists(self.db + suffix):
                    os.remove(self.db + suffix)
        else:
            self.db = self.cluster.new_database(self.db)
        return self

    def migrate_url(self):
        return f"sqlite:///{self.db}" if self.kind == "sqlite" else f"{self.cluster.base_url}/{self.db}"

    def sqlalchemy_url(self):
        return f"sqlite:///{self.db}" if self.kind == "sqlite" else f"{self.cluster.base_url}/{self.db}"

    def dbmate_url(self):
        if self.kind == "sqlite":
            return f"sqlite:{self.db}"
        return f"{self.cluster.base_url.replace('postgresql://', 'postgres://')}/{self.db}?sslmode=disable"

    def floor_argv(self, script):
        if self.kind == "sqlite":
            return ["sqlite3", "-bail", self.db], script
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                f"{self.cluster.base_url}/{self.db}", "-f", script], None

    def sql(self, text):
        """Runs untimed SQL against the current database."""
        if self.kind == "sqlite":
            run_quiet(["sqlite3", "-bail", self.db], input_text=text)
        else:
            run_quiet(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                       f"{self.cluster.base_url}/{self.db}"], input_text=text)

    def label(self):
        return f"{'SQLite' if self.kind == 'sqlite' else 'PostgreSQL'}, {self.storage}"


# --- the cases -----------------------------------------------------------------

class Bench:
    def __init__(self, args):
        self.args = args
        self.size = SIZES[args.size]
        self.results = {"size": args.size, "upgrade": [], "noop": [], "verification": [],
                        "memory": [], "peers": {}, "machine": {}}
        self.md = []

    def wanted(self, group):
        return not self.args.only or group in self.args.only

    def say(self, text):
        print(text, flush=True)

    def migrate(self, project, *argv):
        """migrate with the project's migrate.toml (its script_location is relative to it)."""
        return [self.args.migrate, "-c", os.path.join(project, "migrate.toml"), *argv]

    # upgrade head vs floor and peers
    def upgrade_cases(self, backend, work):
        cases = [("linear", n) for n in self.size["upgrade_ns"]]
        if backend.storage == "shm":  # a graph's cost is CPU: memory shows it, disk only adds noise
            cases.append(("branchy", self.size["branchy_n"]))
        for shape, n in cases:
            migrations = linear_chain(n) if shape == "linear" else branchy_graph(n)
            case_dir = os.path.join(work, f"upgrade-{shape}-{n}")
            commands = self.upgrade_commands(case_dir, migrations, peers=shape == "linear")
            # The tools take turns run by run, so a noisy neighbour (or a
            # slow patch of the disk) hits them all alike. The peers, far
            # behind at 1,000 migrations on disk, run once there.
            samples = {name: [] for name in commands}
            failed = {}
            for run in range(self.size["runs"]):
                for name, argv_fn in commands.items():
                    if name in failed or (run > 0 and name in ("alembic", "dbmate")
                                          and backend.storage == "disk" and n > 100):
                        continue
                    backend.fresh()
                    argv, stdin_path = argv_fn(backend)
                    try:
                        samples[name].append(run_timed(argv, stdin_path=stdin_path))
                    except CommandFailed as e:
                        if name in ("floor", "migrate"):
                            raise
                        failed[name] = f"failed: {str(e)[:300]}"
            tools = {}
            for name in commands:
                tools[name] = failed.get(name) or Stats(samples[name]).to_json()
            if shape == "linear":
                for peer in ("alembic", "dbmate"):
                    tools.setdefault(peer, "not available")
            row = {"backend": backend.kind, "storage": backend.storage, "shape": shape, "n": n,
                   "tools": tools}
            self.results["upgrade"].append(row)
            self.say(self.format_upgrade_row(row))

    def upgrade_commands(self, case_dir, migrations, peers):
        """name -> argv_fn(backend) -> (argv, stdin path or None), for every tool that is there."""
        project = os.path.join(case_dir, "migrate")
        write_migrate_project(project, migrations)
        floor_script = os.path.join(case_dir, "floor.sql")
        write_floor(floor_script, migrations)
        commands = {
            "floor": lambda b: b.floor_argv(floor_script),
            "migrate": lambda b: (self.migrate(project, "--url", b.migrate_url(), "upgrade", "head"), None),
        }
        if peers and self.args.alembic_python:
            alembic = os.path.join(case_dir, "alembic")
            write_alembic_project(alembic, migrations)
            commands["alembic"] = lambda b: ([
                self.args.alembic_python, "-m", "alembic", "-c", os.path.join(alembic, "alembic.ini"),
                "-x", f"url={b.sqlalchemy_url()}", "upgrade", "head"], None)
        if peers and self.args.dbmate:
            dbmate = os.path.join(case_dir, "dbmate")
            write_dbmate_project(dbmate, migrations)
            commands["dbmate"] = lambda b: ([
                self.args.dbmate, "--url", b.dbmate_url(), "--migrations-dir", dbmate,
                "--no-dump-schema", "migrate"], None)
        return commands

    def format_upgrade_row(self, row):
        floor = row["tools"]["floor"]
        parts = [f"upgrade {row['shape']} N={row['n']} {row['backend']}/{row['storage']}:"]
        for name, t in row["tools"].items():
            if isinstance(t, str):
                parts.append(f"{name} {t}")
            else:
                parts.append(f"{name} {t['wall_s']:.3f}s wall ({t['wall_s'] / floor['wall_s']:.2f}x) "
                             f"{t['cpu_s']:.3f}s cpu")
        return "  ".join(parts)

    # no-op latency, max RSS
    def noop_cases(self, sqlite, pg, work):
        runs = self.size["noop_runs"]
        for n in self.size["noop_ns"]:
            for shape in ("linear", "branchy"):
                migrations = linear_chain(n) if shape == "linear" else branchy_graph(n)
                project = os.path.join(work, f"noop-{shape}-{n}")
                write_migrate_project(project, migrations)
                sqlite.fresh()
                run_quiet(self.migrate(project, "--url", sqlite.migrate_url(), "stamp", "head"))
                pg.fresh()
                run_quiet(self.migrate(project, "--url", pg.migrate_url(), "stamp", "head"))
                commands = {
                    "current (SQLite)": ["--url", sqlite.migrate_url(), "current"],
                    "current (PostgreSQL)": ["--url", pg.migrate_url(), "current"],
                    "heads": ["heads"],
                    "history": ["history"],
                    "check --offline": ["check", "--offline"],
                    "upgrade head, at head (SQLite)": ["--url", sqlite.migrate_url(), "upgrade", "head"],
                }
                for name, argv in commands.items():
                    stats = measure(runs, lambda: None, lambda _, a=argv: self.migrate(project, *a), rss=True)
                    row = {"storage": sqlite.storage, "shape": shape, "n": n, "command": name,
                           **stats.to_json()}
                    self.results["noop"].append(row)
                    self.say(f"no-op {name} {shape} N={n} {sqlite.storage}: {stats.wall * 1000:.1f} ms wall, "
                             f"{stats.cpu * 1000:.1f} ms cpu, {mib(stats.rss_kb)} MiB max RSS")

    def peer_noop_cases(self, sqlite, work):
        n = self.size["peer_noop_n"]
        if not n:
            return
        migrations = linear_chain(n)
        peers = self.results["peers"].setdefault("noop", [])
        if self.args.alembic_python:
            project = os.path.join(work, f"peer-noop-alembic-{n}")
            write_alembic_project(project, migrations)
            sqlite.fresh()
            base = [self.args.alembic_python, "-m", "alembic", "-c", os.path.join(project, "alembic.ini"),
                    "-x", f"url={sqlite.sqlalchemy_url()}"]
            try:
                run_quiet(base + ["stamp", "head"])
                for cmd in ("current", "heads", "history"):
                    stats = measure(1, lambda: None, lambda _, c=cmd: base + [c])
                    peers.append({"tool": "alembic", "command": cmd, "n": n, **stats.to_json()})
                    self.say(f"peer no-op alembic {cmd} N={n}: {stats.wall * 1000:.0f} ms")
            except CommandFailed as e:
                peers.append({"tool": "alembic", "error": str(e)[:300]})
        if self.args.dbmate:
            project = os.path.join(work, f"peer-noop-dbmate-{n}")
            write_dbmate_project(project, migrations)
            sqlite.fresh()
            base = [self.args.dbmate, "--url", sqlite.dbmate_url(), "--migrations-dir", project,
                    "--no-dump-schema"]
            try:
                run_quiet(base + ["migrate"])
                stats = measure(3, lambda: None, lambda _: base + ["status"])
                peers.append({"tool": "dbmate", "command": "status", "n": n, **stats.to_json()})
                self.say(f"peer no-op dbmate status N={n}: {stats.wall * 1000:.0f} ms")
            except CommandFailed as e:
                peers.append({"tool": "dbmate", "error": str(e)[:300]})

    def memory_cases(self, sqlite, work):
        n = self.size["rss_n"]
        project = os.path.join(work, f"memory-linear-{n}")
        write_migrate_project(project, linear_chain(n))
        floor_script = os.path.join(work, f"memory-linear-{n}-floor.sql")
        write_floor(floor_script, linear_chain(n))
        cases = {
            "upgrade head (SQLite, fresh database)": lambda: (
                sqlite.fresh(), (self.migrate(project, "--url", sqlite.migrate_url(), "upgrade", "head"), None))[1],
            # SQLite's own memory and time grow with the schema (each DDL
            # re-reads the catalog): the floor shows how much.
            "floor: sqlite3 on the same statements": lambda: (sqlite.fresh(), sqlite.floor_argv(floor_script))[1],
            "upgrade head --sql": lambda: (
                self.migrate(project, "--url", "sqlite:///unused.db", "upgrade", "head", "--sql"), None),
        }
        for name, make_argv in cases.items():
            # One run, under GNU time: at seconds, its own fork does not count.
            argv, stdin_path = make_argv()
            stats = Stats([run_timed(argv, stdin_path=stdin_path, rss=True)])
            row = {"storage": sqlite.storage, "n": n, "command": name, **stats.to_json()}
            self.results["memory"].append(row)
            self.say(f"memory {name} N={n} {sqlite.storage}: {stats.wall:.2f} s wall, {stats.cpu:.2f} s cpu, "
                     f"{mib(stats.rss_kb)} MiB max RSS")

    # verification against a database holding many tables
    def verification_cases(self, backend, work):
        tables = self.size["verify_tables"]
        runs = self.size["verify_runs"]
        project = os.path.join(work, f"verify-{backend.kind}")
        write_migrate_project(project, linear_chain(1))
        floor_script = os.path.join(work, f"verify-{backend.kind}-floor.sql")
        write_floor(floor_script, linear_chain(1))
        reset = "DROP TABLE IF EXISTS t00000;\n" + "".join(f"DROP TABLE IF EXISTS {t};\n" for t in VERSION_TABLES)
        roots = [os.path.join(backend.root, d) if backend.root else None for d in ("empty", "big")]
        empty, big = (Backend(backend.kind, backend.storage, root, backend.cluster) for root in roots)
        for b in (empty, big):
            if b.root:
                os.makedirs(b.root, exist_ok=True)
            b.fresh()
        if backend.kind == "sqlite":
            big.sql("BEGIN;\n" + "".join(
                f"CREATE TABLE big_{i:05d} (id integer PRIMARY KEY, name text NOT NULL, created_at timestamp);\n"
                for i in range(tables)) + "COMMIT;\n")
        else:
            # Committed in batches: one transaction would need a lock per table.
            big.sql(f"""DO $$
BEGIN
  FOR i IN 1..{tables} LOOP
    EXECUTE format('CREATE TABLE big_%s (id integer PRIMARY KEY, name text NOT NULL, created_at timestamp)', i);
    IF i % 500 = 0 THEN COMMIT; END IF;
  END LOOP;
END
$$;
""")
        # The floor applies the same migration to the same two databases: what
        # the database itself pays for a big schema (SQLite reads the whole
        # schema when it opens a connection) is not verification's cost.
        samples = {"empty": [], "big": [], "floor_empty": [], "floor_big": []}
        for _ in range(runs):
            for name, b in (("empty", empty), ("big", big)):
                b.sql(reset)
                samples[name].append(run_timed(self.migrate(project, "--url", b.migrate_url(), "upgrade", "head")))
                b.sql(reset)
                argv, stdin_path = b.floor_argv(floor_script)
                samples["floor_" + name].append(run_timed(argv, stdin_path=stdin_path))
        row = {"backend": backend.kind, "storage": backend.storage, "tables": tables,
               **{name: Stats(v).to_json() for name, v in samples.items()}}
        self.results["verification"].append(row)
        self.say(f"verification {backend.label()}: empty {row['empty']['wall_s'] * 1000:.1f} ms "
                 f"(floor {row['floor_empty']['wall_s'] * 1000:.1f}), "
                 f"{tables} tables {row['big']['wall_s'] * 1000:.1f} ms (floor {row['floor_big']['wall_s'] * 1000:.1f}) "
                 f"({row['big']['wall_s'] / row['empty']['wall_s']:.2f}x wall, "
                 f"{row['big']['cpu_s'] / row['empty']['cpu_s']:.2f}x cpu)")

    # machine facts
    def machine_facts(self, clusters):
        facts = self.results["machine"]
        facts["cores"] = os.cpu_count()
        try:
            with open("/proc/cpuinfo") as f:
                facts["cpu"] = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
        except (OSError, StopIteration):
            facts["cpu"] = platform.processor()
        facts["kernel"] = platform.release()
        with open("/proc/meminfo") as f:
            facts["memory"] = f.readline().split(":", 1)[1].strip()
        facts["sqlite3"] = run_quiet(["sqlite3", "--version"]).split()[0]
        facts["psql"] = run_quiet(["psql", "--version"]).strip()
        facts["postgresql_server"] = clusters[0].version if clusters else "not started"
        facts["migrate"] = run_quiet([self.args.migrate, "--version"]).strip()
        if self.args.alembic_python:
            facts["alembic"] = run_quiet([self.args.alembic_python, "-c",
                                          "import alembic, sqlalchemy; print(alembic.__version__, "
                                          "'(SQLAlchemy', sqlalchemy.__version__ + ')')"]).strip()
        else:
            facts["alembic"] = "not available"
        facts["dbmate"] = run_quiet([self.args.dbmate, "--version"]).strip() if self.args.dbmate else "not available"
        facts["disk_filesystem"] = run_quiet(["df", "--output=fstype,source", self.args.disk_dir]).split("\n")[1].strip()

    def run(self):
        started = time.time()
        clusters = []
        roots = {"disk": self.args.disk_dir, "shm": self.args.shm_dir}
        try:
            storages = self.size["storages"] if self.args.storage == "both" else [self.args.storage]
            for storage in storages:
                root = roots[storage]
                os.makedirs(root, exist_ok=True)
                self.say(f"== {storage}: {root}")
                cluster = PgCluster(self.args.pg_cluster, os.path.join(root, "pg-cluster"))
                clusters.append(cluster)
                sqlite = Backend("sqlite", storage, os.path.join(root, "sqlite"))
                pg = Backend("postgresql", storage, None, cluster)
                os.makedirs(sqlite.root, exist_ok=True)
                work = os.path.join(root, "inputs")
                if self.wanted("upgrade"):
                    for backend in (sqlite, pg):
                        self.upgrade_cases(backend, work)
                if self.wanted("verification"):
                    for backend in (sqlite, pg):
                        self.verification_cases(backend, work)
                if self.wanted("noop"):
                    self.noop_cases(sqlite, pg, work)
                if storage == "shm" or len(storages) == 1:
                    if self.wanted("memory"):
                        self.memory_cases(sqlite, work)
                    if self.wanted("peers"):
                        self.peer_noop_cases(sqlite, work)
            self.machine_facts(clusters)
        finally:
            for cluster in clusters:
                try:
                    cluster.stop()
                except CommandFailed as e:
                    print(f"bench: {e}", file=sys.stderr)
        self.results["elapsed_s"] = time.time() - started
        os.makedirs(self.args.out, exist_ok=True)
        with open(os.path.join(self.args.out, "results.json"), "w") as f:
            json.dump(self.results, f, indent=1)
        report = render_markdown(self.results)
        with open(os.path.join(self.args.out, "results.md"), "w") as f:
            f.write(report)
        print()
        print(report)


# --- the report ------------------------------------------------------------------

def mib(kb):
    return "n/a" if kb is None else f"{kb / 1024:.1f}"


def ms(s):
    return f"{s * 1000:.1f}" if s < 10 else f"{s * 1000:.0f}"


def render_markdown(r):
    out = []
    m = r["machine"]
    out.append(f"Size `{r['size']}`, {r.get('elapsed_s', 0) / 60:.1f} min.\n")
    out.append("| machine | |\n|---|---|")
    for k, v in m.items():
        out.append(f"| {k} | {v} |")
    out.append("")

    out.append("### `upgrade head` on a fresh database\n")
    out.append("Median wall and client CPU time (user+sys) in ms; ×floor is the ratio to the floor "
               "of the same row; \"own CPU\" is (tool CPU − floor CPU) / N in ms per migration.\n")
    out.append("| database | storage | graph | N | tool | wall ms | ×floor | CPU ms | ×floor | own CPU ms/migration |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    for row in r["upgrade"]:
        floor = row["tools"]["floor"]
        for name, t in row["tools"].items():
            head = f"| {row['backend']} | {row['storage']} | {row['shape']} | {row['n']} | {name} |"
            if isinstance(t, str):
                out.append(f"{head} {t} | | | | |")
                continue
            own = (t["cpu_s"] - floor["cpu_s"]) / row["n"] * 1000
            out.append(f"{head} {ms(t['wall_s'])} | {t['wall_s'] / floor['wall_s']:.2f} | {ms(t['cpu_s'])} | "
                       f"{t['cpu_s'] / floor['cpu_s']:.2f} | {'' if name == 'floor' else f'{own:.3f}'} |")
    out.append("")

    out.append("### No-op commands (median of several runs)\n")
    out.append("| storage | graph | N | command | wall ms | CPU ms | max RSS MiB |")
    out.append("|---|---|---|---|---|---|---|")
    for row in r["noop"]:
        out.append(f"| {row['storage']} | {row['shape']} | {row['n']} | `{row['command']}` | {ms(row['wall_s'])} | "
                   f"{ms(row['cpu_s'])} | {mib(row['max_rss_kb'])} |")
    out.append("")

    if r["peers"].get("noop"):
        out.append("### Peers' no-op commands (SQLite, memory, one linear chain)\n")
        out.append("| tool | command | N | wall ms | CPU ms |")
        out.append("|---|---|---|---|---|")
        for row in r["peers"]["noop"]:
            if "error" in row:
                out.append(f"| {row['tool']} | failed: {row['error']} | | | |")
            else:
                out.append(f"| {row['tool']} | `{row['command']}` | {row['n']} | {ms(row['wall_s'])} | {ms(row['cpu_s'])} |")
        out.append("")

    out.append("### Verification overhead: one migration, empty database vs one holding many tables\n")
    out.append("`upgrade head` of one migration; the floor applies it with `sqlite3`/`psql` to the same "
               "databases. Median wall / client CPU in ms.\n")
    out.append("| database | storage | tables | empty: migrate | floor | with tables: migrate | floor | "
               "migrate ×empty (wall / CPU) | migrate − floor, empty → with tables (wall) |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for row in r["verification"]:
        e, b = row["empty"], row["big"]
        fe, fb = row.get("floor_empty"), row.get("floor_big")
        pair = lambda t: f"{ms(t['wall_s'])} / {ms(t['cpu_s'])}" if t else "n/a"
        extra = (f"{ms(e['wall_s'] - fe['wall_s'])} → {ms(b['wall_s'] - fb['wall_s'])}" if fe and fb else "n/a")
        out.append(f"| {row['backend']} | {row['storage']} | {row['tables']} | {pair(e)} | {pair(fe)} | {pair(b)} | "
                   f"{pair(fb)} | {b['wall_s'] / e['wall_s']:.2f} / {b['cpu_s'] / e['cpu_s']:.2f} | {extra} |")
    out.append("")

    out.append("### Peak memory\n")
    out.append("| storage | N | command | wall s | CPU s | max RSS MiB |")
    out.append("|---|---|---|---|---|---|")
    for row in r["memory"]:
        out.append(f"| {row['storage']} | {row['n']} | `{row['command']}` | {row['wall_s']:.2f} | {row['cpu_s']:.2f} | "
                   f"{mib(row['max_rss_kb'])} |")
    out.append("")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--size", choices=sorted(SIZES), default="full")
    p.add_argument("--migrate", required=True, help="the migrate binary to measure")
    p.add_argument("--pg-cluster", required=True, help="tests/support/pg_cluster.sh")
    p.add_argument("--disk-dir", required=True, help="work directory on disk")
    p.add_argument("--shm-dir", required=True, help="work directory on a memory filesystem")
    p.add_argument("--storage", choices=["disk", "shm", "both"], default="both",
                   help="where the databases live (smoke: memory only)")
    p.add_argument("--out", required=True, help="where results.md and results.json go")
    p.add_argument("--alembic-python", default="", help="a python3 that can import alembic ('' = not available)")
    p.add_argument("--dbmate", default="", help="the dbmate binary ('' = not available)")
    p.add_argument("--only", type=lambda s: s.split(","), default=[],
                   help="comma-separated case groups to run: " + ",".join(CASE_GROUPS) + " (default: all)")
    args = p.parse_args()
    unknown = [g for g in args.only if g not in CASE_GROUPS]
    if unknown:
        p.error(f"--only: unknown case group(s) {', '.join(unknown)}; groups are {', '.join(CASE_GROUPS)}")
    args.migrate = os.path.abspath(args.migrate)
    Bench(args).run()


if __name__ == "__main__":
    main()
