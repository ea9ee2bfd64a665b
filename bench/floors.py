"""The performance floors, and bench/results/floors.md: one row per floor and run, with the reference it is
a ratio to measured in the same run (Wagtail 8, bench/peer.py; or nginx serving the same bytes from a
file; or Newsroom's own 10k import or story page), so a row never compares figures from two days of this machine.
"""

from benchlib import RESULTS, append_row, commit, machine, read_table, today

TABLE = RESULTS / "floors.md"
COLUMNS = ["date", "machine", "commit", "database", "stories", "measure", "Newsroom", "reference", "ratio", "floor",
           "verdict", "note"]  # fmt: skip
INTRO = (
    "Written by `bench/import_bench.py` and `bench/http_bench.py`, one row per floor and run, newest last. "
    "Newsroom's figure, the reference it is divided by and the ratio. The reference is measured in the same "
    "run on the same corpus (the Wagtail peer's, `../shared/bench/gen_corpus.py`) and machine: Wagtail 8 "
    "(`bench/peer.py`: its load rate, its story and tag pages under gunicorn with 2 sync workers, loaded by "
    "the same wrk, interleaved with Newsroom's runs), nginx serving the same bytes from a file, or Newsroom's "
    "10k import. A note starting OLDER FIGURE says the reference was not measured in this run."
)

# (what, database family) -> the least ratio; None: the same floor on both databases.
RATIO_FLOORS = {
    ("import", "sqlite"): 30,
    ("import", "postgres"): 25,
    ("bare article", "sqlite"): 4,
    ("bare article", "postgres"): 3,
    ("bare tag", "sqlite"): 4,
    ("bare tag", "postgres"): 3,
    ("default article", None): 15,
    ("nginx", None): 0.8,
    ("import growth", None): 0.8,  # 100k within 20% of the 10k rate
    # The read API's list and item, against the story page in the same mode, loaded in alternation with it.
    **{(f"{mode} api {page}", None): 0.8 for mode in ("bare", "default") for page in ("list", "item")},
}
MAX_QUERIES = 4  # a page, with the page cache off
SEARCH_FLOOR = 200  # req/s, SQLite, 100k stories


def floor_for(what, database_kind):
    return RATIO_FLOORS.get((what, database_kind), RATIO_FLOORS.get((what, None)))


def record(*, database, stories, measure, ours, reference, ratio, floor, met, note=""):
    """Append a row; `ours` and `reference` are the figures as shown, `floor` a text like '>= 4x'."""
    append_row(
        TABLE,
        "Performance floors",
        INTRO,
        COLUMNS,
        {
            "date": today(),
            "machine": machine(),
            "commit": commit(),
            "database": database,
            "stories": f"{stories:,}",
            "measure": measure,
            "Newsroom": ours,
            "reference": reference,
            "ratio": ratio,
            "floor": floor,
            "verdict": "met" if met else "NOT MET",
            "note": note,
        },
    )


def rows():
    return read_table(TABLE)
