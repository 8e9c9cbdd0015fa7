#!/usr/bin/python3
"""The differential test: `migrate` against real Alembic, on the same graphs.

The contract promises Alembic's revision-graph semantics, so Alembic itself
is the oracle. For each seed this generates one random revision graph
(several roots, branches, merges and merges of merges, branch labels,
depends_on across branches) and writes it twice: as migrate files and as an
Alembic script directory. Every revision creates its own table `t_<rev>` and
logs its direction into `migration_log`. Then it runs one random sequence of
commands (upgrade, downgrade, stamp; every target form of the contract)
through both tools, each on its own SQLite file, and compares after each
command:

  - success or refusal;
  - the version rows (alembic_version / migrate_version);
  - the revisions run, with their direction (from `migration_log`);
  - the tables present.

A difference fails the test unless `deliberate()` excuses it with an id of
the table of deliberate differences in docs/coming-from.md, which gives
each one its reason; an id used here that the page does not list fails too.
After any difference both databases start again from empty, so one
difference is counted once, not again in every command after it.

Alembic runs in this process through its Python API (command.upgrade and
friends; its CLI would cost a Python start-up per command); `migrate` runs
as the built binary. Debian's python3-alembic (1.8.1) must be importable by
the interpreter running this script (scripts/install-deps.sh installs it;
run it with /usr/bin/python3); without it the test fails, it never skips.

Usage: differential.py --migrate PATH [--docs docs/coming-from.md]
                       [--seeds N] [--commands N] [--work DIR] [-v]
"""

import argparse
import collections
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import warnings

try:
    from alembic import command as alembic_command
    from alembic.config import Config as AlembicConfig
    import alembic
except ImportError as e:  # the test must fail, not skip
    sys.exit("alembic_differential needs Alembic importable by %s (%s); "
             "scripts/install-deps.sh installs Debian's python3-alembic" % (sys.executable, e))

LOG_TABLE = "migration_log"


# --- Graphs ---------------------------------------------------------------------

class Rev:
    def __init__(self, rid, parents, labels, depends_on):
        self.id = rid
        self.parents = parents        # down_revision(s)
        self.labels = labels          # branch_labels declared here
        self.depends_on = depends_on  # revision ids or labels


def ancestors(revs_by_id, ids, through_depends=True):
    """`ids` and everything they need."""
    seen, todo = set(), list(ids)
    while todo:
        r = todo.pop()
        if r in seen:
            continue
        seen.add(r)
        rev = revs_by_id[r]
        todo.extend(rev.parents)
        if through_depends:
            todo.extend(label_owner(revs_by_id, d) for d in rev.depends_on)
    return seen


def label_owner(revs_by_id, name):
    if name in revs_by_id:
        return name
    return next(r.id for r in revs_by_id.values() if name in r.labels)


def new_id(rng, taken):
    """Eight hex digits; one in five shares a 4-digit prefix with an earlier
    id, so some prefixes are ambiguous and some are not."""
    while True:
        if taken and rng.random() < 0.2:
            rid = rng.choice(sorted(taken))[:4] + "%04x" % rng.randrange(16 ** 4)
        else:
            rid = "%08x" % rng.randrange(16 ** 8)
        if rid[0].isdigit():
            rid = "a" + rid[1:]  # never all digits: "-1"-like readings stay out of the way
        if rid not in taken:
            return rid


def generate_graph(rng):
    count = rng.randint(7, 14)
    revs, by_id, heads = [], {}, []
    label_number = 0
    for i in range(count):
        rid = new_id(rng, by_id.keys())
        roll = rng.random()
        if i == 0 or roll < 0.12:
            parents = []
        elif roll < 0.35 and len(heads) >= 2:
            # A merge of two (now and then three) heads; heads are never
            # ancestors of each other, so the merge is a real one.
            parents = rng.sample(heads, min(len(heads), rng.choice([2, 2, 2, 3])))
        elif roll < 0.6:
            parents = [rng.choice(revs).id]  # anywhere: makes branch points
        else:
            parents = [rng.choice(heads)]
        labels = []
        if rng.random() < 0.25:
            label_number += 1
            labels = ["lb%d" % label_number]
        depends_on = []
        if rng.random() < 0.25 and revs:
            needed = ancestors(by_id, parents)
            candidates = [r for r in revs if r.id not in needed]
            if candidates:
                dep = rng.choice(candidates)
                depends_on = [rng.choice(dep.labels) if dep.labels and rng.random() < 0.5 else dep.id]
        rev = Rev(rid, parents, labels, depends_on)
        revs.append(rev)
        by_id[rid] = rev
        heads = [h for h in heads if h not in parents] + [rid]
    return revs


def write_migrate_dir(revs, root):
    folder = os.path.join(root, "migrations")
    os.makedirs(folder)
    with open(os.path.join(root, "migrate.toml"), "w") as f:
        f.write('[migrate]\nscript_location = "migrations"\n')
    for r in revs:
        header = ["-- revision %s" % r.id, "--", "-- revision: %s" % r.id]
        if r.parents:
            header.append("-- down_revision: %s" % ", ".join(r.parents))
        if r.labels:
            header.append("-- branch_labels: %s" % ", ".join(r.labels))
        if r.depends_on:
            header.append("-- depends_on: %s" % ", ".join(r.depends_on))
        with open(os.path.join(folder, "%s_rev.sql" % r.id), "w") as f:
            f.write("\n".join(header) + "\n\n")
            f.write("-- migrate:upgrade\n%s\n\n" % ";\n".join(up_sql(r.id)))
            f.write("-- migrate:downgrade\n%s\n" % ";\n".join(down_sql(r.id)))


# IF [NOT] EXISTS: after a `stamp`, the version rows and the tables part
# ways in both tools alike, and later commands must still run.
def up_sql(rid):
    return ["CREATE TABLE IF NOT EXISTS t_%s (id INTEGER)" % rid,
            "INSERT INTO %s (revision, direction) VALUES ('%s', 'upgrade')" % (LOG_TABLE, rid)]


def down_sql(rid):
    return ["DROP TABLE IF EXISTS t_%s" % rid,
            "INSERT INTO %s (revision, direction) VALUES ('%s', 'downgrade')" % (LOG_TABLE, rid)]


ENV_PY = '''\
from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

engine = create_engine(context.config.get_main_option("sqlalchemy.url"), poolclass=NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
'''


def py_ids(ids):
    if not ids:
        return "None"
    if len(ids) == 1:
        return repr(ids[0])
    return repr(tuple(ids))


def write_alembic_dir(revs, root):
    os.makedirs(os.path.join(root, "versions"))
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(ENV_PY)
    for r in revs:
        with open(os.path.join(root, "versions", "%s_rev.py" % r.id), "w") as f:
            f.write("from alembic import op\n\n")
            f.write("revision = %r\n" % r.id)
            f.write("down_revision = %s\n" % py_ids(r.parents))
            f.write("branch_labels = %s\n" % py_ids(r.labels))
            f.write("depends_on = %s\n\n" % py_ids(r.depends_on))
            f.write("def upgrade():\n")
            for sql in up_sql(r.id):
                f.write("    op.execute(%r)\n" % sql)
            f.write("\ndef downgrade():\n")
            for sql in down_sql(r.id):
                f.write("    op.execute(%r)\n" % sql)


# --- Commands -------------------------------------------------------------------

def generate_commands(rng, revs, count):
    """`count` random (kind, target) pairs over every target form."""
    ids = [r.id for r in revs]
    labels = [l for r in revs for l in r.labels]
    label_or = lambda: rng.choice(labels) if labels else rng.choice(ids)

    def prefix(rid):
        return rid[:rng.choice([4, 5, 6])]

    n = lambda: rng.choice([1, 1, 1, 2, 3])
    upgrade_forms = [
        lambda: "head", lambda: "heads", lambda: "heads", lambda: rng.choice(ids),
        lambda: rng.choice(ids), lambda: prefix(rng.choice(ids)),
        lambda: "%s+%d" % (rng.choice(ids), n()), lambda: "+%d" % n(), lambda: "+%d" % n(),
        lambda: "%s@head" % label_or(), lambda: "%s@heads" % label_or(),
        lambda: "%s@%s" % (label_or(), rng.choice(ids)), lambda: "%s@+%d" % (label_or(), n()),
        lambda: "%s@head" % rng.choice(ids), lambda: "base",
    ]
    downgrade_forms = [
        lambda: "base", lambda: "-%d" % n(), lambda: "-%d" % n(), lambda: rng.choice(ids),
        lambda: rng.choice(ids), lambda: prefix(rng.choice(ids)),
        lambda: "%s-%d" % (rng.choice(ids), n()), lambda: "%s@base" % label_or(),
        lambda: "%s@-%d" % (label_or(), n()), lambda: "%s@%s" % (label_or(), rng.choice(ids)),
        lambda: "head-%d" % n(), lambda: "%s@head" % label_or(),
    ]
    stamp_forms = [
        lambda: "head", lambda: "heads", lambda: "base", lambda: rng.choice(ids),
        lambda: "%s@head" % label_or(), lambda: "%s@%s" % (label_or(), rng.choice(ids)),
    ]
    out = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.47:
            out.append(("upgrade", rng.choice(upgrade_forms)()))
        elif roll < 0.87:
            out.append(("downgrade", rng.choice(downgrade_forms)()))
        else:
            out.append(("stamp", rng.choice(stamp_forms)()))
    return out


# --- The two tools --------------------------------------------------------------

def fresh_database(path):
    if os.path.exists(path):
        os.remove(path)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE %s (seq INTEGER PRIMARY KEY, revision TEXT, direction TEXT)"
                   % LOG_TABLE)


def database_state(path, version_table):
    """(version rows, tables t_*, log length)."""
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        rows = set()
        if version_table in tables:
            rows = {row[0] for row in db.execute("SELECT version_num FROM %s" % version_table)}
        log_length = db.execute("SELECT count(*) FROM %s" % LOG_TABLE).fetchone()[0]
    return rows, {t[2:] for t in tables if t.startswith("t_")}, log_length


def log_since(path, start):
    with sqlite3.connect(path) as db:
        return collections.Counter(db.execute(
            "SELECT revision, direction FROM %s WHERE seq > ?" % LOG_TABLE, (start,)).fetchall())


class Outcome:
    def __init__(self, ok, message, rows, tables, ran):
        self.ok, self.message, self.rows, self.tables, self.ran = ok, message, rows, tables, ran

    def same_as(self, other):
        return (self.ok, self.rows, self.tables, self.ran) == (other.ok, other.rows, other.tables,
                                                              other.ran)

    def __str__(self):
        return "%s rows=%s tables=%s ran=%s%s" % (
            "ok" if self.ok else "refused", sorted(self.rows), sorted(self.tables),
            sorted(self.ran.elements()), "" if self.ok else " (%s)" % self.message.strip()[:300])


class AlembicTool:
    def __init__(self, script_dir, db_path):
        self.db_path = db_path
        self.config = AlembicConfig()
        self.config.set_main_option("script_location", script_dir)
        self.config.set_main_option("sqlalchemy.url", "sqlite:///" + db_path)

    def run(self, kind, target):
        _, _, before = database_state(self.db_path, "alembic_version")
        ok, message = True, ""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                getattr(alembic_command, kind)(self.config, target)
            except Exception as e:  # every refusal, whatever its type
                ok, message = False, "%s: %s" % (type(e).__name__, e)
        rows, tables, _ = database_state(self.db_path, "alembic_version")
        return Outcome(ok, message, rows, tables, log_since(self.db_path, before))


class MigrateTool:
    def __init__(self, binary, project_dir, db_path):
        self.binary, self.project_dir, self.db_path = binary, project_dir, db_path

    def run(self, kind, target):
        _, _, before = database_state(self.db_path, "migrate_version")
        done = subprocess.run(
            [self.binary, "-c", os.path.join(self.project_dir, "migrate.toml"),
             "--url", "sqlite:///" + self.db_path, "-q", kind, target],
            capture_output=True, text=True)
        rows, tables, _ = database_state(self.db_path, "migrate_version")
        return Outcome(done.returncode == 0, done.stderr, rows, tables,
                       log_since(self.db_path, before))


# --- Deliberate differences -------------------------------------------------------

def deliberate(by_id, kind, target, rows_before, alembic, ours):
    """The id, in docs/coming-from.md's table of deliberate differences, of
    the difference between `alembic` and `ours`, or None if the table does
    not excuse it. Each test is narrow: the command, the state before it,
    and what each tool did."""
    # D1: `downgrade -N` from several heads. Alembic walks from the head in
    # the first version row (with a warning); migrate refuses and names them.
    if (kind == "downgrade" and re.fullmatch(r"-\d+", target) and len(rows_before) > 1
            and alembic.ok and not ours.ok and "ambiguous" in ours.message):
        return "D1"
    # D2: Alembic stops part-way with a KeyError in its version-table
    # update at a revision with several parents or dependencies, one of
    # which another one needs through depends_on; migrate applies it.
    if kind == "upgrade" and not alembic.ok and alembic.message.startswith("KeyError") and ours.ok:
        for rev, direction in ours.ran:
            downs = by_id[rev].parents + [label_owner(by_id, d) for d in by_id[rev].depends_on]
            if any(p != q and p in ancestors(by_id, [q]) for p in downs for q in downs):
                return "D2"
    # D3: Alembic keeps a version row for a revision another row already
    # needs; migrate's rows are the heads alone. The same revisions applied.
    if (alembic.ok and ours.ok and alembic.tables == ours.tables and alembic.ran == ours.ran
            and ours.rows < alembic.rows
            and alembic.rows - ours.rows <= ancestors(by_id, ours.rows) - ours.rows):
        return "D3"
    return None


def documented_ids(docs_path):
    with open(docs_path) as f:
        return set(re.findall(r"^\| (D\d+) \|", f.read(), re.MULTILINE))


# --- The run ----------------------------------------------------------------------

def run_seed(seed, binary, work, commands_per_graph, verbose, tally):
    rng = random.Random(seed)
    revs = generate_graph(rng)
    root = os.path.join(work, "seed%03d" % seed)
    write_migrate_dir(revs, os.path.join(root, "migrate"))
    write_alembic_dir(revs, os.path.join(root, "alembic"))
    alembic_db, migrate_db = os.path.join(root, "alembic.db"), os.path.join(root, "migrate.db")
    for path in (alembic_db, migrate_db):
        fresh_database(path)
    tools = (AlembicTool(os.path.join(root, "alembic"), alembic_db),
             MigrateTool(binary, os.path.join(root, "migrate"), migrate_db))
    if verbose:
        for r in revs:
            print("  seed %d: %s parents=%s labels=%s depends_on=%s"
                  % (seed, r.id, r.parents, r.labels, r.depends_on))
    for kind, target in generate_commands(rng, revs, commands_per_graph):
        rows_before = database_state(alembic_db, "alembic_version")[0]
        theirs, ours = (tool.run(kind, target) for tool in tools)
        tally["commands"] += 1
        tally["refused" if not theirs.ok else "ran"] += 1
        if theirs.same_as(ours):
            continue
        excuse = deliberate({r.id: r for r in revs}, kind, target, rows_before, theirs, ours)
        where = "seed %d: %s %s from %s" % (seed, kind, target, sorted(rows_before) or "base")
        if excuse:
            tally["excused"][excuse] += 1
            if verbose:
                print("excused (%s): %s" % (excuse, where))
        else:
            tally["failures"].append("%s\n    alembic: %s\n    migrate: %s" % (where, theirs, ours))
        for path in (alembic_db, migrate_db):  # count each difference once
            fresh_database(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--migrate", required=True, help="the built migrate binary")
    parser.add_argument("--docs", help="docs/coming-from.md (the table of deliberate differences)")
    parser.add_argument("--seeds", type=int, default=36, help="graphs: seeds 1..N")
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--commands", type=int, default=24, help="commands per graph")
    parser.add_argument("--work", help="keep the graphs and databases here")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    # Every command commits per migration: on tmpfs that costs nothing.
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    work = args.work or tempfile.mkdtemp(prefix="alembic-differential-", dir=shm)
    if args.work and os.path.exists(work):
        shutil.rmtree(work)
    tally = {"commands": 0, "ran": 0, "refused": 0, "excused": collections.Counter(),
             "failures": []}
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    for seed in seeds:
        run_seed(seed, args.migrate, work, args.commands, args.verbose, tally)
    if not args.work:
        shutil.rmtree(work)

    problems = list(tally["failures"])
    if args.docs:
        undocumented = set(tally["excused"]) - documented_ids(args.docs)
        problems += ["deliberate difference %s is not in %s's table" % (i, args.docs)
                     for i in sorted(undocumented)]
    for p in problems:
        print("DIFFERENCE: " + p)
    excused = ", ".join("%s x%d" % kv for kv in sorted(tally["excused"].items())) or "none"
    print("%s: Alembic %s, %d graphs, %d commands (%d ran in Alembic, %d refused); "
          "%d unexplained differences; deliberate: %s"
          % ("FAIL" if problems else "OK", alembic.__version__, len(seeds), tally["commands"],
             tally["ran"], tally["refused"], len(tally["failures"]), excused))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
