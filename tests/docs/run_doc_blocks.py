#!/usr/bin/env python3
"""Runs the shell blocks of one Markdown page with the built `migrate`, so the
docs cannot lie.

Usage: run_doc_blocks.py --migrate PATH/TO/migrate [--source-dir REPO] PAGE.md

Each page runs in a fresh temporary directory of its own, its blocks in the
order they appear, with the folder of the built `migrate` first on PATH. The
page fails if a block fails; the report names PAGE:LINE, the command, and the
expected and actual output.

ctest runs README.md and every docs/*.md as the tests docs.PAGE (a new page is
picked up when cmake next configures): `ctest --test-dir build -R '^docs\.'
--output-on-failure`. By hand, for one page (pages using PG_URL need
MIGRATE_TEST_PG_DIR or MIGRATE_TEST_POSTGRES_URL, see below):
`python3 tests/docs/run_doc_blocks.py --migrate build/migrate --keep docs/x.md`.

THE CONVENTION (for whoever writes a page in docs/ or README.md)
=================================================================

What a fenced block's info string means:

  ```console   A terminal session. Every line starting with "$ " is a command
               (a line ending in "\\" continues it on the next line); the lines
               after it, up to the next "$ ", are its output: stdout and stderr
               together, as a terminal shows them. Each command runs with
               `bash -o pipefail -c` in the page's directory (so files persist
               from one block to the next; `cd` and variables do not).
               - Exit status: a command must exit 0, unless its output shows a
                 line starting with "error:", in which case it must exit
                 non-zero. A trailing comment "# exit N" (anywhere in the
                 comment, e.g. "# with two heads; exit 2") demands exactly N.
               - Output: when output is shown, the real output must match it
                 line by line (trailing spaces ignored). A command shown with
                 no output is only checked for its exit status.
               - Volatile parts (see ELISION below) need no marker.
  ```sh        A script (also ```bash, ```shell): the whole block runs with
               `bash -e -o pipefail` in the page's directory and must exit 0.
  anything else (no info string, ```text, ```sql, ```toml, ```yaml, ```json,
               ```cpp, ...) is not run. Use a plain ``` block for output you
               show without a command, or for a command that cannot run here,
               and say why in the prose.

Markers: an HTML comment (invisible on GitHub) on its own line. The first two
apply to the next fenced block and must come right before it (blank lines
between are fine):

  <!-- docs-test: skip REASON -->
               Do not run the next ```console or ```sh block. REASON is
               required (e.g. "needs a CI runner", "installs packages").
  <!-- docs-test: file PATH -->
               Write the next block's text to PATH (relative to the page's
               directory) before going on, e.g. the migration file a tutorial
               tells the reader to edit. PATH may be a glob
               (migrations/*_create_customers.sql) that must match exactly one
               existing file. Revision ids shown earlier are replaced by the
               real ones, as in commands.
  <!-- docs-test: setup
  SHELL LINES
  -->          A hidden script, run where it stands with `bash -e -o pipefail`
               (must exit 0): for the state the prose describes but does not
               show ("with a malformed file"). Keep it short; prefer showing.
  <!-- docs-test: setup fresh
  SHELL LINES
  -->          The same, after emptying the page's directory and forgetting
               the revision ids bound so far: a new scene, for a page whose
               sections each start from their own project. (The PostgreSQL
               database below is kept; reset it yourself if you need to.)

Environment of every command, script and setup: PATH starts with the folder of
`migrate`; DATABASE_URL, MIGRATE_ADMIN_URL, NO_COLOR and libpq's PG*
variables are unset unless a block sets them;
TZ=UTC; SOURCE_DIR is the repository root (the example project is
$SOURCE_DIR/migrations); PG_URL and PG_ADMIN_URL name a fresh PostgreSQL
database of the test suite's server (owned by the password-authenticated role
migrate_test, password migrate_test; PG_ADMIN_URL is a superuser URL to the
same database), created for a page that mentions PG_URL or PG_ADMIN_URL in a
block it runs (ctest gives every page the suite's PostgreSQL fixture; outside
ctest set MIGRATE_TEST_PG_DIR to a pg_cluster.sh directory, or
MIGRATE_TEST_POSTGRES_URL to a superuser URL). The database is named docs_PAGE (docs_deploying for
docs/deploying.md), so output may show that name; a leftover is dropped first.

ELISION: what may differ between the page and the real output
-------------------------------------------------------------
  - A line that is exactly "..." stands for any number of lines (even none).
  - "..." inside a line stands for any text on that line.
  - Revision ids: a 12-character lower-case hex word (with at least one
    digit) in the shown output matches any such word, and is then bound to
    it for the rest of the page: the same shown id must always be the same
    real id, different shown ids different real ids, and in later commands
    and `file` blocks the shown id (or a prefix of it of 4+ characters) is
    replaced by the real one. So a page may show `1975ea83b712` for the id
    `migrate revision` drew at random. Better still, a revision that the
    command just created (a "Created migrations/ID_slug.sql" line) is then
    renamed to the shown id, file name and `revision:` line: the file is new,
    unapplied and childless, so this is as if `migrate` had drawn that id,
    and later output (heads, children, history, sorted by id) reads exactly
    as shown.
  - Durations (<1ms, 12ms, 3.25s, with the spaces after them, which a longer
    value takes from a column's padding), retry counts ("5 attempts"), timestamps
    (2026-11-22 08:32:13Z, 2026-11-22T07:43:37.031Z), sha256:<64 hex>
    checksums, PIDs ("PID 1234",
    pg_terminate_backend(1234)) and PostgreSQL ports (127.0.0.1:5432 in a
    URL, "port 5432" in libpq's messages) match any value of the same shape.
"""

import argparse
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

COMMAND_TIMEOUT_SECONDS = 120
RUN_INFO = {"console", "sh", "bash", "shell"}
MARKER_RE = re.compile(r"^\s*<!--\s*docs-test:\s*(skip|file)\b\s*(.*?)\s*-->\s*$")
SETUP_START_RE = re.compile(r"^\s*<!--\s*docs-test:\s*setup(\s+fresh)?\s*$")
UNKNOWN_MARKER_RE = re.compile(r"^\s*<!--\s*docs-test:")  # (a mention in `code` is no marker)
# As in CommonMark, a line of backticks followed by text with a backtick in
# it is inline code, not a fence.
FENCE_RE = re.compile(r"^(\s*)(```+)\s*([^\s`]*)[^`]*$")

HEX_ID_RE = re.compile(r"(?<![0-9A-Za-z])(?=[0-9a-f]*[0-9])[0-9a-f]{12}(?![0-9A-Za-z])")
# A prefix is only replaced where it stands as a target: a whole word, or
# one side of A:B, REV+N, REV-N.
PREFIX_RE = re.compile(r"(?<![^\s:])(?=[0-9a-f]*[0-9])[0-9a-f]{4,11}(?=$|[\s:+\-@])")
# Volatile shapes, tried in this order at each position of a shown line.
VOLATILE = [
    (re.compile(r"sha256:[0-9a-f]{64}"), r"sha256:[0-9a-f]{64}"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?"),
     r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?"),
    # A duration with the spaces after it: in a column (status's TOOK) a
    # longer value takes some of the padding, so any run of spaces matches.
    # "<1ms" is a duration too (under a millisecond).
    (re.compile(r"(?<![0-9A-Za-z.])(?:<1ms|\d+(?:\.\d+)?(?:ms|s)) +"),
     r"(?:<1ms|\d+(?:\.\d+)?(?:ms|s)) +"),
    (re.compile(r"(?<![0-9A-Za-z.])(?:<1ms|\d+(?:\.\d+)?(?:ms|s))(?![0-9A-Za-z])"),
     r"(?:<1ms|\d+(?:\.\d+)?(?:ms|s))"),
    (re.compile(r"PID \d+"), r"PID \d+"),
    (re.compile(r"pg_terminate_backend\(\d+\)"), r"pg_terminate_backend\(\d+\)"),
    (re.compile(r"127\.0\.0\.1:\d+"), r"127\.0\.0\.1:\d+"),
    (re.compile(r"port \d+"), r"port \d+"),
    (re.compile(r"\d+ attempts"), r"\d+ attempts"),
]


class DocError(Exception):
    """A block of the page is wrong (or the runner could not run it)."""


class Block:
    def __init__(self, info, start_line, lines, skip_reason, file_path):
        self.info = info
        self.start_line = start_line  # line number of the opening fence
        self.lines = lines
        self.skip_reason = skip_reason
        self.file_path = file_path


class Setup:
    def __init__(self, start_line, lines, fresh):
        self.start_line = start_line
        self.lines = lines
        self.fresh = fresh


def parse_page(path):
    """Returns the page's blocks and setup scripts, in order."""
    with open(path, encoding="utf-8") as f:
        text = f.read().split("\n")
    items = []
    pending_skip = None
    pending_file = None
    i = 0
    while i < len(text):
        line = text[i]
        m = MARKER_RE.match(line)
        if m:
            kind, arg = m.group(1), m.group(2)
            if not arg:
                raise DocError(f"{path}:{i + 1}: docs-test: {kind} needs "
                               + ("a reason" if kind == "skip" else "a path"))
            if kind == "skip":
                pending_skip = arg
            else:
                pending_file = arg
            i += 1
            continue
        m = SETUP_START_RE.match(line)
        if m:
            fresh = m.group(1) is not None
            start = i + 1
            body = []
            i += 1
            while i < len(text) and text[i].strip() != "-->":
                body.append(text[i])
                i += 1
            if i == len(text):
                raise DocError(f"{path}:{start}: docs-test: setup is never closed by a '-->' line")
            items.append(Setup(start, body, fresh))
            i += 1
            continue
        if UNKNOWN_MARKER_RE.search(line):
            raise DocError(f"{path}:{i + 1}: unknown docs-test marker: {line.strip()}")
        m = FENCE_RE.match(line)
        if m:
            indent, fence, info = m.group(1), m.group(2), m.group(3).lower()
            start = i + 1
            body = []
            i += 1
            while i < len(text) and not (text[i].strip().startswith(fence)
                                         and text[i].strip().strip("`") == ""):
                body.append(text[i][len(indent):] if text[i].startswith(indent) else text[i])
                i += 1
            if i == len(text):
                raise DocError(f"{path}:{start}: code block is never closed")
            items.append(Block(info, start, body, pending_skip, pending_file))
            if pending_skip and info not in RUN_INFO:
                raise DocError(f"{path}:{start}: docs-test: skip before a block that would not run anyway")
            pending_skip = None
            pending_file = None
            i += 1
            continue
        if line.strip() and (pending_skip or pending_file):
            raise DocError(f"{path}:{i + 1}: a docs-test marker must come right before its code block")
        i += 1
    if pending_skip or pending_file:
        raise DocError(f"{path}: a docs-test marker at the end of the page has no code block")
    return items


def parse_console(block):
    """Returns [(line, command, expected_lines)] for a console block."""
    sessions = []
    i = 0
    lines = block.lines
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            raise DocError(f"line {block.start_line + 1 + i}: a console block must start with a '$ ' command,"
                           f" got: {line}")
        cmd_line = block.start_line + 1 + i
        cmd = line[2:]
        while cmd.endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd = cmd + "\n" + lines[i]
        i += 1
        out = []
        while i < len(lines) and not lines[i].startswith("$ "):
            out.append(lines[i])
            i += 1
        sessions.append((cmd_line, cmd, out))
    return sessions


def expected_status(cmd, expected):
    """The exit status the page promises: an int, or "nonzero"."""
    m = re.search(r"\s#[^'\"]*\bexit (\d+)\b[^'\"]*$", cmd)
    if m:
        return int(m.group(1))
    if any(line.startswith("error:") for line in expected):
        return "nonzero"
    return 0


class Page:
    def __init__(self, path, migrate, source_dir, keep):
        self.path = path
        self.migrate = migrate
        self.source_dir = source_dir
        self.keep = keep
        self.ids = {}  # shown revision id -> real id
        self.dir = tempfile.mkdtemp(prefix="docs-" + os.path.basename(path).replace(".md", "") + "-")
        self.env = dict(os.environ)
        for var in list(self.env):
            # libpq's PG* variables would change what a URL means.
            if var in ("DATABASE_URL", "NO_COLOR", "MIGRATE_ADMIN_URL") or var.startswith("PG"):
                del self.env[var]
        self.env["PATH"] = os.path.dirname(os.path.abspath(migrate)) + os.pathsep + self.env.get("PATH", "")
        self.env["TZ"] = "UTC"
        self.env["SOURCE_DIR"] = source_dir
        self.env["HOME"] = self.dir
        self.pg = None
        self.commands_run = 0
        self.blocks_run = 0
        self.setups_run = 0
        self.blocks_skipped = []

    # --- PostgreSQL -------------------------------------------------------

    def ensure_postgresql(self):
        if self.pg is not None:
            return
        admin = os.environ.get("MIGRATE_TEST_POSTGRES_URL")
        if not admin:
            pg_dir = os.environ.get("MIGRATE_TEST_PG_DIR")
            if not pg_dir:
                raise DocError(f"{self.path}: this page uses PG_URL, but neither MIGRATE_TEST_POSTGRES_URL nor "
                               "MIGRATE_TEST_PG_DIR is set (run it through ctest, which starts the server)")
            with open(os.path.join(pg_dir, "url"), encoding="utf-8") as f:
                admin = f.read().strip()
        # The same name on every run, so that shown output may name it; a
        # leftover of an interrupted run is dropped first.
        name = "docs_" + re.sub(r"[^a-z0-9]", "_", os.path.basename(self.path).lower()[:-3])
        self.psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql(admin, f'CREATE DATABASE "{name}" OWNER migrate_test')
        m = re.match(r"(postgres(?:ql)?://)([^@/]*@)?([^/]*)/[^?]*(\?.*)?$", admin)
        if not m:
            raise DocError(f"cannot read the test server URL {admin}")
        self.pg = (admin, name)
        self.env["PG_ADMIN_URL"] = f"{m.group(1)}{m.group(2) or ''}{m.group(3)}/{name}"
        self.env["PG_URL"] = f"{m.group(1)}migrate_test:migrate_test@{m.group(3)}/{name}"

    def psql(self, url, sql):
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                           capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECONDS)
        if r.returncode != 0:
            raise DocError(f"psql {sql!r} failed: {r.stderr.strip()}")

    def cleanup(self):
        if self.pg is not None:
            admin, name = self.pg
            try:
                self.psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except DocError as e:
                print(f"warning: {e}", file=sys.stderr)
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    # --- ids --------------------------------------------------------------

    def substitute(self, text):
        """Replaces the shown ids (and 4+ character prefixes of them) by the real ones."""
        text = HEX_ID_RE.sub(lambda m: self.ids.get(m.group(0), m.group(0)), text)

        def prefix(m):
            p = m.group(0)
            matches = [shown for shown in self.ids if shown.startswith(p)]
            if len(matches) == 1:
                return self.ids[matches[0]][:len(p)]
            return p
        return PREFIX_RE.sub(prefix, text)

    # --- running ----------------------------------------------------------

    def run_shell(self, script, flags, where):
        if "PG_URL" in script or "PG_ADMIN_URL" in script:
            self.ensure_postgresql()
        try:
            return subprocess.run(["bash"] + flags + ["-c", script], cwd=self.dir, env=self.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=COMMAND_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise DocError(f"{where}: did not finish within {COMMAND_TIMEOUT_SECONDS}s:\n{script}")

    def run_setup(self, setup):
        where = f"{self.path}:{setup.start_line}"
        if setup.fresh:
            for name in os.listdir(self.dir):
                path = os.path.join(self.dir, name)
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path)
                else:
                    os.remove(path)
            self.ids = {}
        script = self.substitute("\n".join(setup.lines))
        r = self.run_shell(script, ["-e", "-o", "pipefail"], where)
        self.setups_run += 1
        if r.returncode != 0:
            raise DocError(f"{where}: the hidden setup script exited {r.returncode}:\n"
                           f"{r.stdout.decode(errors='replace')}")

    def write_file(self, block):
        where = f"{self.path}:{block.start_line}"
        pattern = block.file_path
        if any(c in pattern for c in "*?["):
            found = glob.glob(os.path.join(self.dir, self.substitute(pattern)))
            if len(found) != 1:
                raise DocError(f"{where}: docs-test: file {pattern} matches {len(found)} files, not one")
            target = found[0]
        else:
            target = os.path.join(self.dir, self.substitute(pattern))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(self.substitute("\n".join(block.lines)) + "\n")

    def run_sh(self, block):
        where = f"{self.path}:{block.start_line}"
        script = self.substitute("\n".join(block.lines))
        r = self.run_shell(script, ["-e", "-o", "pipefail"], where)
        self.blocks_run += 1
        self.commands_run += 1
        if r.returncode != 0:
            raise DocError(f"{where}: the ```{block.info} block exited {r.returncode}, not 0:\n"
                           f"{script}\n--- its output:\n{r.stdout.decode(errors='replace')}")

    def run_console(self, block):
        for line, cmd, expected in parse_console(block):
            where = f"{self.path}:{line}"
            real_cmd = self.substitute(cmd)
            r = self.run_shell(real_cmd, ["-o", "pipefail"], where)
            self.commands_run += 1
            actual = r.stdout.decode(errors="replace")
            want = expected_status(cmd, expected)
            status_ok = (r.returncode != 0) if want == "nonzero" else (r.returncode == want)
            if not status_ok:
                raise DocError(f"{where}: `{real_cmd}` exited {r.returncode}, but the page shows "
                               + ("an error (so a non-zero status)" if want == "nonzero" else f"exit {want}")
                               + f"\n--- its output:\n{actual}")
            while expected and expected[-1].strip() == "":
                expected = expected[:-1]
            if expected:
                self.compare(where, real_cmd, expected, actual)
        self.blocks_run += 1

    def compare(self, where, cmd, expected, actual):
        actual_lines = [l.rstrip() for l in actual.rstrip("\n").split("\n")] if actual else []
        pattern, groups = self.expected_regex([l.rstrip() for l in expected])
        m = re.fullmatch(pattern, "\n".join(actual_lines) + "\n", re.DOTALL)
        if m:
            bound = {shown: m.group(g) for shown, g in groups.items()}
            real_to_shown = {v: k for k, v in self.ids.items()}
            for shown, real in bound.items():
                other = real_to_shown.get(real)
                if other is not None and other != shown:
                    m = None
                    problem = f"shown ids {other} and {shown} are both the real id {real}"
                    break
                real_to_shown[real] = shown
            else:
                self.ids.update(bound)
                self.adopt_created_ids(actual_lines)
                return
        else:
            problem = "the output differs"
        shown = [self.substitute(l) for l in expected]  # known ids as the real ones, for reading
        diff = "\n".join(difflib.unified_diff(shown, actual_lines, "shown in the page", "real output",
                                              lineterm=""))
        raise DocError(f"{where}: `{cmd}`: {problem}\n{diff}")

    def adopt_created_ids(self, actual_lines):
        """Renames each revision the command just created to the id the page shows.

        A new file is unapplied and has no children yet, so giving it the
        shown id is the same as `migrate` having drawn that id: later output
        (sorted lists of heads, children, history) then reads exactly as shown.
        """
        for shown, real in list(self.ids.items()):
            if shown == real:
                continue
            for line in actual_lines:
                m = re.fullmatch(r"Created (\S*?)" + re.escape(real) + r"(_\S*\.sql)", line.strip())
                if not m:
                    continue
                old_path = os.path.join(self.dir, m.group(1) + real + m.group(2))
                new_path = os.path.join(self.dir, m.group(1) + shown + m.group(2))
                if not os.path.isfile(old_path) or os.path.exists(new_path):
                    continue
                with open(old_path, encoding="utf-8") as f:
                    text = f.read()
                text = re.sub(r"(?m)^-- revision: " + re.escape(real) + "$", "-- revision: " + shown, text)
                with open(new_path, "w", encoding="utf-8") as f:
                    f.write(text)
                os.remove(old_path)
                self.ids[shown] = shown

    def expected_regex(self, expected):
        """One regex for the whole shown output, and its id groups (shown id -> group name)."""
        groups = {}
        parts = []
        for line in expected:
            if line == "...":
                parts.append(r"(?:[^\n]*\n)*?")
                continue
            parts.append(self.line_regex(line, groups) + r"\n")
        return "".join(parts), groups

    def line_regex(self, line, groups):
        out = []
        i = 0
        while i < len(line):
            if line.startswith("...", i):
                out.append(r"[^\n]*?")
                i += 3
                continue
            m = HEX_ID_RE.match(line, i)
            if m and (i == 0 or not re.match(r"[0-9A-Za-z]", line[i - 1])):
                shown = m.group(0)
                if shown in self.ids:
                    out.append(re.escape(self.ids[shown]))
                elif shown in groups:
                    out.append(f"(?P={groups[shown]})")
                else:
                    groups[shown] = f"id{len(groups)}"
                    out.append(f"(?P<{groups[shown]}>[0-9a-f]{{12}})")
                i = m.end()
                continue
            for shape, regex in VOLATILE:
                m = shape.match(line, i)
                if m and (i == 0 or not re.match(r"[0-9A-Za-z.]", line[i - 1])):
                    out.append(regex)
                    i = m.end()
                    break
            else:
                out.append(re.escape(line[i]))
                i += 1
        return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--migrate", required=True, help="the built migrate binary")
    parser.add_argument("--source-dir", default=os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    parser.add_argument("--keep", action="store_true", help="keep the page's directory")
    parser.add_argument("page")
    args = parser.parse_args()
    if not os.access(args.migrate, os.X_OK):
        print(f"error: {args.migrate} is not an executable", file=sys.stderr)
        return 1
    page = None
    try:
        items = parse_page(args.page)
        page = Page(args.page, args.migrate, os.path.abspath(args.source_dir), args.keep)
        for item in items:
            if isinstance(item, Setup):
                page.run_setup(item)
                continue
            if item.file_path:
                page.write_file(item)
            if item.info not in RUN_INFO:
                continue
            if item.skip_reason:
                page.blocks_skipped.append((item.start_line, item.skip_reason))
                continue
            if item.info == "console":
                try:
                    page.run_console(item)
                except DocError as e:
                    raise DocError(str(e) if str(e).startswith(args.page) else f"{args.page}:{e}")
            else:
                page.run_sh(item)
    except DocError as e:
        print(f"FAIL: {e}", file=sys.stderr)
        if page is not None:
            print(f"(the page's directory: {page.dir}{'' if args.keep else ', removed; --keep keeps it'})",
                  file=sys.stderr)
            page.cleanup()
        return 1
    for line, reason in page.blocks_skipped:
        print(f"{args.page}:{line}: not run: {reason}")
    print(f"OK: {args.page}: {page.blocks_run} blocks run ({page.commands_run} commands, "
          f"{page.setups_run} hidden setups), {len(page.blocks_skipped)} not run")
    page.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
