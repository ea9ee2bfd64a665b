"""What the benchmarks share: paths, the machine, corpora, fresh databases, the import run, result tables.

Everything runs on loopback, in subprocesses with time limits; a SIGTERM (from `timeout` or Ctrl-C)
stops the children this process started and removes the databases it created.
"""

import contextlib
import datetime
import hashlib
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"  # gitignored: corpora, databases, logs
# The result tables; BENCH_RESULTS elsewhere for trial runs that should not be recorded.
RESULTS = Path(os.environ.get("BENCH_RESULTS", BENCH / "results"))
PYTHON = sys.executable
MANAGE = str(ROOT / "manage.py")
# An administrative connection, to create and drop the benchmark's PostgreSQL databases.
POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://newsroom:newsroom@127.0.0.1:5432/postgres")
# Benchmark databases' names start with this (BENCH_DB_PREFIX: each checkout sharing a server its own);
# `make bench-clean` drops every database whose name starts with it.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "newsroom_bench_")
CORPUS_SEED = 1
# Which stories the benchmarks import: "project" (manage.py generate_corpus, the project's own generator)
# or "shared" (the Wagtail peer's ../shared/bench/gen_corpus.py, seed 1: the same files the peer loads, so
# the two can be compared; bench/peer.py). make sets it to "shared" when the peer is measured.
CORPUS_KINDS = ("project", "shared")
SHARED = ROOT.parent / "shared"
GEN_CORPUS = Path(os.environ.get("BENCH_GEN_CORPUS", SHARED / "bench" / "gen_corpus.py"))


def corpus_kind():
    kind = os.environ.get("BENCH_CORPUS") or "project"
    if kind not in CORPUS_KINDS:
        raise BenchError(f"BENCH_CORPUS={kind!r}: project or shared")
    return kind


class BenchError(RuntimeError):
    """A benchmark that cannot run; the message says why."""


def stop_on_sigterm():
    """SIGTERM unwinds like Ctrl-C, so `finally` blocks stop servers and drop databases."""
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def run_benchmark(name, action, table):
    """Run `action()` as a command-line benchmark: its exit status (0, 1 on a BenchError, 130 when
    interrupted), with what went wrong or where the results are said once."""
    stop_on_sigterm()
    try:
        action()
    except BenchError as error:
        say(f"{name} failed: {error}")
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    say(f"results: {table}")
    return 0


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- the machine and the code measured ---------------------------------------------------------------


def machine():
    """'AMD EPYC x2, 24 GB': what the figures were measured on."""
    model = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = " ".join(line.split(":", 1)[1].split())
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 1024 / 1024:.0f} GB"
    return f"{model} x{os.cpu_count()}{memory}"


def commit():
    """The commit measured, '+' when the working tree has changes (read-only git), other than the results
    the benchmarks write themselves (bench/results/, the summary in bench/README.md)."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results", ":!bench/README.md")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+" if dirty else "")


def _git(*args):
    return subprocess.run(
        ["git", "--no-optional-locks", *args], cwd=ROOT, capture_output=True, text=True, timeout=30, check=True
    ).stdout.strip()


# What decides the content of an imported database: a database built by other code is not reused.
IMPORT_CODE = (
    "articles/migrations",
    "articles/models",
    "articles/ingest",
    "articles/text.py",
    "articles/desk/workflow.py",
    "articles/desk/revisions.py",
)


def code_version():
    """A hash of the code that writes the database (not views or templates, which pages measure anew)."""
    digest = hashlib.sha256()
    for name in IMPORT_CODE:
        path = ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if file.exists():
                digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:12]


def load_note():
    """'load 1.2': other work on the machine when a run starts (figures from a busy machine are lower),
    then BENCH_NOTE if set (say, "before the changes of issue 14"): it ends up in every row's note."""
    note = os.environ.get("BENCH_NOTE", "").strip()
    return f"load {os.getloadavg()[0]:.1f}" + (f", {note}" if note else "")


def today():
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


# -- processes -----------------------------------------------------------------------------------------


def app_env(database_url, **extra):
    """Production-like settings: no debug, a throwaway key, loopback only."""
    # The app's own defaults, except what is set here: no debug, no shared page cache from the caller.
    inherited = ("DJANGO_", "DATABASE_URL", "NEWSROOM_PAGE_CACHE", "NEWSROOM_CACHE_", "NEWSROOM_STATIC_ROOT",
                 "GUNICORN_CMD_ARGS")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY="bench-" + os.urandom(16).hex(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    env.update({k: v for k, v in extra.items() if v is not None})
    return env


def manage(*args, env, timeout, log=None):
    """Run a management command; raise BenchError with its output if it fails."""
    result = subprocess.run([PYTHON, MANAGE, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if log:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a") as out:
            out.write(f"$ manage.py {' '.join(args)}\n{result.stdout}{result.stderr}")
    if result.returncode:
        raise BenchError(f"manage.py {args[0]} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process, timeout=15):
    """Stop a process started with start_new_session=True, and everything it started."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)


def wait_until_up(url, process, log, timeout=60):
    """Return once `url` answers at all; fail if the server exits or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"the server exited ({process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"the server did not answer within {timeout}s; see {log}")


def fetch(url, timeout=60):
    """One GET: status, headers and body, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def warm_up(url, times):
    """Load the page a few times (templates compiled, caches filled); its status and bytes."""
    status, body = 0, b""
    for _ in range(times):
        status, _headers, body = fetch(url)
    return status, body


# -- corpora ---------------------------------------------------------------------------------------------


def corpus(count, seed=CORPUS_SEED):
    """A folder of `count` generated seed files, made once and kept under bench/work/corpus/: the project's
    generator's, or with BENCH_CORPUS=shared the Wagtail peer's (shared_corpus)."""
    if corpus_kind() == "shared":
        return shared_corpus(count, seed)
    version = generator_version(seed)
    folder = WORK / "corpus" / f"{count}-seed{seed}-{version}"
    done = folder / ".complete"  # not a .txt file, so import_seeds does not read it
    if done.exists():
        say(f"reusing the corpus of {count:,} stories in {folder.relative_to(ROOT)}")
        return folder
    say(f"generating {count:,} stories into {folder.relative_to(ROOT)}")
    started = time.monotonic()
    env = app_env("sqlite:///:memory:", NEWSROOM_PAGE_CACHE="0")
    manage("generate_corpus", str(folder), "--count", str(count), "--seed", str(seed), "--force", env=env,
           timeout=max(300, count // 100))  # fmt: skip
    done.write_text(f"{count} stories, seed {seed}, generator {version}\n")
    say(f"generated in {time.monotonic() - started:.1f}s")
    return folder


def shared_corpus(count, seed=CORPUS_SEED):
    """`count` stories written by the peer's generator (../shared/bench/gen_corpus.py), the same files as
    the peer's DIR/corpus-N: named after a hash of the script, so a changed generator writes a new one."""
    if not GEN_CORPUS.exists():
        raise BenchError(f"the shared corpus generator is missing: {GEN_CORPUS} (BENCH_GEN_CORPUS)")
    version = hashlib.sha256(GEN_CORPUS.read_bytes()).hexdigest()[:8]
    folder = WORK / "corpus" / f"shared-{count}-seed{seed}-{version}"
    done = folder / ".complete"
    if done.exists():
        say(f"reusing the shared corpus of {count:,} stories in {folder.relative_to(ROOT)}")
        return folder
    say(f"generating {count:,} stories with {GEN_CORPUS} into {folder.relative_to(ROOT)}")
    shutil.rmtree(folder, ignore_errors=True)
    started = time.monotonic()
    result = subprocess.run(
        [PYTHON, str(GEN_CORPUS), str(folder), str(count), "--seed", str(seed)],
        capture_output=True, text=True, timeout=max(300, count // 100),
    )  # fmt: skip
    if result.returncode:
        raise BenchError(f"gen_corpus.py failed:\n{result.stderr[-2000:]}")
    done.write_text(f"{count} stories, seed {seed}, {GEN_CORPUS.name} {version}\n")
    say(f"generated in {time.monotonic() - started:.1f}s")
    return folder


def corpus_note():
    """What a result row says about its stories when they are not the project's own corpus."""
    return "shared corpus (gen_corpus.py)" if corpus_kind() == "shared" else ""


def generator_version(seed=CORPUS_SEED):
    """A hash of what the generator writes (a sample, file names included): a corpus written by a
    generator that now writes other stories is not reused; one that was only tidied up is."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from articles.management.commands.generate_corpus import generate

    digest = hashlib.sha256()
    for name, _data in generate(200, seed):  # a file's name holds the hash of its bytes
        digest.update(name.encode())
    return digest.hexdigest()[:8]


# -- databases -------------------------------------------------------------------------------------------


class Database:
    """A benchmark database: a SQLite file under bench/work/db/, or a PostgreSQL database of its own.

    With a `purpose` ("desk": bench/desk_bench.py), a database apart from the import's, kept between runs
    on PostgreSQL too (a million stories take most of an hour to import): named after the purpose and
    size rather than the process, and dropped by `make bench-clean`.
    """

    def __init__(self, kind, count, purpose=""):
        if kind not in ("sqlite", "postgres"):
            raise BenchError(f"unknown database {kind!r}: sqlite or postgres")
        self.kind, self.count, self.purpose = kind, count, purpose
        # The two corpora's databases live side by side: switching BENCH_CORPUS rebuilds neither.
        stem = f"{kind}-{count}" if corpus_kind() == "project" else f"{kind}-shared-{count}"
        stem = f"{purpose}-{stem}" if purpose else stem
        if kind == "sqlite":
            self.path = WORK / "db" / f"{stem}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            kept = stem.replace("-", "_") if purpose else None
            self.name = f"{DB_PREFIX}{kept}" if kept else f"{DB_PREFIX}{count}_{os.getpid()}"
            self.url = _with_database(POSTGRES_ADMIN_URL, self.name)
        self.marker = WORK / "db" / f"{stem}.json"
        # The app's page cache (a file cache by default) for this database alone: pages cached from
        # another database must not answer here, and the project's own cache/ is left alone.
        self.cache_dir = WORK / "cache" / stem

    def env(self, **extra):
        """The app's environment for this database; collected static files go to bench/work/ too."""
        return app_env(
            self.url, NEWSROOM_CACHE_DIR=str(self.cache_dir), NEWSROOM_STATIC_ROOT=str(WORK / "static"), **extra
        )

    def label(self):
        if self.kind == "sqlite":
            return f"SQLite {sqlite3.sqlite_version}"
        with _postgres_admin() as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        return f"PostgreSQL {version.split()[0]}"

    def create(self):
        """An empty database (any earlier one of the same name is removed)."""
        self.marker.unlink(missing_ok=True)
        shutil.rmtree(self.cache_dir, ignore_errors=True)
        if self.kind == "sqlite":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            with _postgres_admin() as conn:
                _drop_database(conn, self.name)
                conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self.marker.unlink(missing_ok=True)
        if self.kind == "postgres":
            with _postgres_admin() as conn:
                _drop_database(conn, self.name)

    def stories(self):
        """How many stories are in the database now (readable while an import writes)."""
        try:
            if self.kind == "sqlite":
                with contextlib.closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)) as conn:
                    return conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
            import psycopg

            with psycopg.connect(self.url, connect_timeout=5) as conn:
                return conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
        except Exception:  # noqa: BLE001 (a count is only a progress report)
            return None

    def mark_built(self, corpus_folder, stories, complete):
        self.marker.parent.mkdir(parents=True, exist_ok=True)  # a PostgreSQL run may be the first
        self.marker.write_text(
            json.dumps({"corpus": corpus_folder.name, "code": code_version(), "stories": stories, "complete": complete})
        )

    def mark(self, **fields):
        """Add `fields` to the marker of a built database (what was done to it since)."""
        self.marker.write_text(json.dumps({**json.loads(self.marker.read_text()), **fields}))

    def exists(self):
        if self.kind == "sqlite":
            return self.path.exists()
        if not self.purpose:
            return False  # a PostgreSQL database of another run is never reused
        with _postgres_admin() as conn:
            return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.name,)).fetchone())

    def reusable(self, corpus_folder, same_code=True):
        """The marker of an earlier import of the same corpus (by the same code, unless not `same_code`:
        then `migrate` brings its schema up to date), or None."""
        if not self.marker.exists() or not self.exists():
            return None
        built = json.loads(self.marker.read_text())
        if built.get("corpus") != corpus_folder.name or (same_code and built.get("code") != code_version()):
            return None
        return built


def _with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def _postgres_admin():
    try:
        import psycopg
    except ImportError:
        raise BenchError("psycopg is not installed: pip install -r requirements.txt") from None
    try:
        conn = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise BenchError(f"cannot reach PostgreSQL at {POSTGRES_ADMIN_URL} (BENCH_POSTGRES_URL): {error}") from None
    with conn:
        yield conn


def vacuum(database):
    """On PostgreSQL, VACUUM ANALYZE the database as autovacuum leaves it a minute after an import: statistics,
    and pages marked visible, without which an index-only scan reads every row it finds (the sitemaps' read
    of live stories' ids). bench/desk_pages.py does the same for the desk's tables."""
    if database.kind != "postgres":
        return
    import psycopg

    started = time.monotonic()
    with psycopg.connect(database.url, autocommit=True, connect_timeout=10) as conn:
        conn.execute("VACUUM ANALYZE")
    say(f"VACUUM ANALYZE, as autovacuum leaves it after an import ({time.monotonic() - started:.1f} s)")


def drop_leftover_databases():
    """Drop benchmark databases a killed run left behind."""
    with _postgres_admin() as conn:
        names = [
            row[0] for row in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (DB_PREFIX + "%",))
        ]
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return names


# -- the import ------------------------------------------------------------------------------------------


def settle():
    """Write what earlier steps left in memory to disk before measuring, so that no earlier step's writes
    run during a measurement. (Suspected when the 1k pages, measured right after the 100k import, ran a
    third slower; in the runs since, there was nothing left to write: that was this VM's minute.)"""
    started = time.monotonic()
    os.sync()
    say(f"flushed earlier writes to disk ({time.monotonic() - started:.1f} s)")


def timed_import(database, corpus_folder, timeout):
    """Run `manage.py import_seeds` on the corpus; wall time, peak RSS and CPU of that process alone."""
    env = database.env()
    log = WORK / "logs" / f"import-{database.kind}-{database.count}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        started = time.monotonic()
        process = subprocess.Popen(
            [PYTHON, MANAGE, "import_seeds", str(corpus_folder)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        timed_out, next_report = False, started + 30
        try:
            while True:
                # wait4 gives this child's own resource usage: its peak resident memory.
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                now = time.monotonic()
                if now - started > timeout and not timed_out:
                    timed_out = True
                    say(f"time limit of {timeout}s reached: stopping the import")
                    os.killpg(process.pid, signal.SIGTERM)
                elif now >= next_report:
                    done = database.stories()
                    say(f"  {done if done is not None else '?':,} stories after {now - started:.0f}s")
                    next_report = now + 30
                time.sleep(0.01)  # the wall time is read here: a coarser poll added up to its period to it
        except BaseException:
            stop(process)
            raise
        wall = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text(errors="replace")
    if process.returncode and not timed_out and "refused" not in output:
        raise BenchError(f"import_seeds failed (exit {process.returncode}); see {log}:\n{output[-2000:]}")
    stories = database.stories() or 0
    return {
        "stories": stories,
        "wall": wall,
        "rate": stories / wall if wall else 0.0,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "timed_out": timed_out,
        "refused": _refused(output),
        "log": log,
    }


def _refused(output):
    for line in reversed(output.splitlines()):
        if "file(s):" in line and "refused" in line:
            with contextlib.suppress(ValueError, IndexError):
                return int(line.rsplit(",", 1)[1].split()[0])
    return 0


# -- result tables ---------------------------------------------------------------------------------------


def append_row(path, title, intro, columns, row):
    """Append one row to a markdown table, writing the title and header the first time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        header = "| " + " | ".join(columns) + " |\n|" + "|".join(" --- " for _ in columns) + "|\n"
        path.write_text(f"# {title}\n\n{intro}\n\n{header}")
    cells = [str(row.get(column, "")).replace("|", "/") for column in columns]
    with path.open("a") as out:
        out.write("| " + " | ".join(cells) + " |\n")


def family(database):
    """'SQLite' or 'PostgreSQL' from a row's database label."""
    return database.split()[0] if database else "?"


def read_table(path):
    """The rows of a table written by append_row, as dicts."""
    if not path.exists():
        return []
    lines = [line for line in path.read_text().splitlines() if line.startswith("|")]
    if len(lines) < 2:
        return []
    columns = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(columns, (c.strip() for c in line.strip("|").split("|")), strict=False)) for line in lines[2:]]


if __name__ == "__main__" and sys.argv[1:] == ["drop-databases"]:
    try:
        dropped = drop_leftover_databases()
    except BenchError as error:
        say(f"no PostgreSQL databases dropped: {error}")
    else:
        say(f"dropped {len(dropped)} leftover benchmark database(s)" + (f": {', '.join(dropped)}" if dropped else ""))


def _drop_database(conn, name, wait=60):
    """DROP DATABASE ... WITH (FORCE), waiting out an autovacuum worker: after a large import PostgreSQL
    starts one on the new database, and a role without pg_signal_backend may not end it."""
    import psycopg

    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
