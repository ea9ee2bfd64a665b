"""Lighthouse scores of the reader's pages on a production-like server (`make lighthouse`).

Builds a throwaway site in a temporary folder (SQLite database, the project's seed plus generated wire
stories, one with a lead image), serves it with gunicorn on 127.0.0.1 with production settings, runs
Lighthouse 12.2.3 (from node_modules: `npm ci --ignore-scripts`) in Debian's headless chromium with its
default (mobile) configuration on each page, writes bench/results/lighthouse.md, and exits 1 if a page
misses a target: 100 for accessibility, best practices and SEO, at least 95 for performance.

    .venv/bin/python bench/lighthouse.py [--runs N] [--stories N] [--keep] [--screenshots docs/]

With --runs N each page is audited N times and the median of each score is kept (performance varies
a little from run to run; the other categories do not). --screenshots DIR also saves home and a story as
a phone (390 x 844) and a laptop (1280 x 800) show them, in light and dark mode, for the README (eight
PNG files). collectstatic writes to staticfiles/, as in production; everything else lives in the
temporary folder.

The search page is audited too. It tells search engines not to index it (results pages are not for
their indexes), so its SEO score leaves out the one audit that would count that against it
(is-crawlable); the results file says so.
"""

import argparse
import datetime
import io
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "bench" / "results" / "lighthouse.md"
CATEGORIES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Audits left out of a page's scores, with the reason: (page, audit) -> why.
SKIPPED = {
    ("Search", "is-crawlable"): "search results say noindex on purpose: they are not for search engines' indexes",
}
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}

sys.path.insert(0, str(ROOT))
from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the flags this closed network needs)

# Wire copy for the generated stories: (city, country, minister's ministry, topic phrase).
PLACES = [
    ("BAKU", "Azerbaijan", "Minister of Economy of Azerbaijan", "trade turnover"),
    ("TASHKENT", "Uzbekistan", "Minister of Investment of Uzbekistan", "foreign direct investment"),
    ("ASTANA", "Kazakhstan", "Minister of Energy of Kazakhstan", "natural gas"),
    ("ANKARA", "Türkiye", "Turkish Energy Minister", "renewable energy"),
    ("DUSHANBE", "Tajikistan", "Minister of Industry and New Technologies of Tajikistan", "industrial parks"),
    ("TBILISI", "Georgia", "Minister of Economy of Georgia", "the Middle Corridor railway"),
    ("BISHKEK", "Kyrgyzstan", "Minister of Agriculture of Kyrgyzstan", "irrigation"),
    ("ASHGABAT", "Turkmenistan", "Minister of Foreign Affairs of Turkmenistan", "transit corridor"),
]
SENTENCES = [
    "The sides discussed the expansion of {topic} and agreed to meet again before the end of the year.",
    "Officials said a working group would prepare a road map covering {topic} within three months.",
    "The meeting also touched on customs procedures, logistics and the training of specialists.",
    "According to the ministry, the volume of cooperation grew noticeably compared with last year.",
    "Representatives of business associations attended the talks and presented several joint projects.",
    "The parties signed a memorandum of understanding on {topic} at the end of the meeting.",
    "Experts expect the agreements to give impetus to regional cooperation in the coming years.",
]


def wire_story(rng, index, day):
    city, country, minister, topic = PLACES[index % len(PLACES)]
    partner = PLACES[(index * 3 + 1) % len(PLACES)]
    lead = (
        f" date {day:%Y-%m-%d} {city}, {country}, {day:%B} {day.day}. {minister} met the {partner[2]} "
        f"to discuss {topic} and {partner[3]} between {country} and {partner[1]}, Trend reports."
    )
    paragraphs = [rng.choice(SENTENCES).format(topic=rng.choice([topic, partner[3]])) for _ in range(rng.randint(4, 9))]
    return "\n\n".join([lead, *paragraphs]) + "\n"


def photo(width=1600, height=900, seed=7):
    """A JPEG with the detail of a photograph: its WebP renditions weigh what a news photo's do (~65 KB at 960)."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (70, 110, 150))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(5, 200)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(40, 230) for _ in range(3)))
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(image.filter(ImageFilter.GaussianBlur(2)), grain, 0.25)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def build_site(work, stories):
    """Migrate, import the seed and `stories` generated wire stories, give the newest a lead image; return URLs."""
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from articles.desk import images
    from articles.models import Article

    quiet = io.StringIO()
    call_command("migrate", interactive=False, stdout=quiet)
    call_command("collectstatic", interactive=False, stdout=quiet)
    wire = work / "wire"
    wire.mkdir()
    rng = random.Random(2023)
    today = datetime.date.today()
    for index in range(stories):
        day = today - datetime.timedelta(days=1 + index * 400 // stories)
        (wire / f"generated_{index:03d}.txt").write_text(wire_story(rng, index, day), encoding="utf-8")
    call_command("import_seeds", str(ROOT / "seeds"), str(wire), stdout=quiet)

    seed_story = Article.objects.get(import_ref="000_5d4062198c4cec68")
    pictured = Article.objects.published().exclude(pk=seed_story.pk).first()
    from django.core.files.storage import default_storage

    name = default_storage.save("lead/bench/meeting.jpg", ContentFile(photo()))
    Article.objects.filter(pk=pictured.pk).update(
        lead_image=name,
        lead_image_width=1600,
        lead_image_height=900,
        lead_image_alt="Delegations at the table during the talks",
        lead_image_credit="Newsroom / generated image",
    )
    pictured.refresh_from_db()
    images.update_renditions(pictured)
    return {
        "Home": "/",
        "Article": seed_story.get_absolute_url(),
        "Article with a lead image": pictured.get_absolute_url(),
        "Tag (country)": "/countries/azerbaijan/",
        "Search": "/search/?q=energy+minister",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def audit(url, out, skip=()):
    """Lighthouse's JSON report of `url` (mobile, the default configuration), without the `skip` audits."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={flags}",
            "--only-categories=" + ",".join(CATEGORIES),
            *([f"--skip-audits={','.join(skip)}"] if skip else []),
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],
        check=True,
        timeout=300,
    )
    return json.loads(out.read_text())


def scores(report):
    """Each category's score out of 100; 0 for one Lighthouse could not score (a weighted audit failed to run)."""
    return {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def failed_audits(report):
    """Scored audits short of full marks, as "category: title (id, score)"."""
    failed = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                failed.append(f"{name}: {result['title']} ({ref['id']}, score {result['score']})")
    return failed


def errored_audits(report):
    """Audits Lighthouse could not run, with their weight in their category's score (0: a diagnostic)."""
    weights = {ref["id"]: ref["weight"] for category in report["categories"].values() for ref in category["auditRefs"]}
    return sorted(
        f"{audit_id} (weight {weights.get(audit_id, 0)})"
        for audit_id, result in report["audits"].items()
        if result["scoreDisplayMode"] == "error"
    )


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "unknown CPU")
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; {chromium}; Node {node}"


# The README's screenshots: (name, viewport).
SCREENS = [("390", {"width": 390, "height": 844}), ("1280", {"width": 1280, "height": 800})]


def screenshots(base, pages, folder):
    """Home and a story as a phone and a laptop show them, light and dark: folder/<page>-<width>-<scheme>.png."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, path in pages.items():
                for width, viewport in SCREENS:
                    for scheme in ("light", "dark"):
                        page = browser.new_page(viewport=viewport, color_scheme=scheme)
                        page.goto(base + path)
                        page.screenshot(path=folder / f"{name}-{width}-{scheme}.png")
                        page.close()
        finally:
            browser.close()


def write_results(rows, runs, elapsed):
    lines = [
        "# Lighthouse: the reader's pages",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        "- Lighthouse 12.2.3, default (mobile) configuration: simulated slow 4G and a 4x slower CPU",
        "- Server: gunicorn on 127.0.0.1, production settings (DEBUG off, whitenoise, compressed hashed static "
        "files), SQLite; the seed story plus generated wire stories",
        f"- Runs per page: {runs} (median of each score); whole run {elapsed:.0f} s",
        "- Targets: performance 95, accessibility 100, best practices 100, SEO 100",
        "",
        "| page | performance | accessibility | best practices | SEO | " + " | ".join(METRICS.values()) + " |",
        "| --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in METRICS) + " |",
    ]
    for page, path, page_scores, metrics, _failed, _errored in rows:
        lines.append(
            f"| {page} (`{path}`) | "
            + " | ".join(str(page_scores[name]) for name in CATEGORIES)
            + " | "
            + " | ".join(metrics[metric] for metric in METRICS)
            + " |"
        )
    skipped = [f"- {page}: {audit_id} left out, as {why}" for (page, audit_id), why in SKIPPED.items()]
    if skipped:
        lines += ["", "Audits left out of a page's scores:", *skipped]
    failures = [(page, failed) for page, _path, _scores, _metrics, failed, _errored in rows if failed]
    lines += ["", "Audits short of full marks:" if failures else "Every scored audit passed on every page."]
    for page, failed in failures:
        lines += ["", f"{page}:", *(f"- {item}" for item in failed)]
    errored = sorted({item for *_rest, errors in rows for item in errors})
    if errored:
        lines += [
            "",
            "Audits Lighthouse could not run in this chromium (one with a weight would leave its category "
            "unscored, counted here as 0): " + ", ".join(errored) + ".",
        ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="audits per page; the median of each score is kept")
    parser.add_argument("--stories", type=int, default=60, help="generated wire stories besides the seed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, reports)")
    parser.add_argument(
        "--screenshots", metavar="DIR", type=Path, help="also save home and a story at 390 and 1280 px, light and dark"
    )
    args = parser.parse_args()
    if CHROMIUM is None:
        sys.exit("No chromium on this machine: apt-get install chromium")
    if not LIGHTHOUSE.exists():
        sys.exit("No Lighthouse in node_modules: run `make node_modules/.installed` (npm ci)")

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="newsroom-lighthouse-"))
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "NEWSROOM_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY="lighthouse-bench-throwaway-key-" + os.urandom(16).hex(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        NEWSROOM_MEDIA_ROOT=str(work / "media"),
        NEWSROOM_SERVE_MEDIA="1",
    )
    os.environ.clear()
    os.environ.update(env)
    server = None
    try:
        pages = build_site(work, args.stories)
        # The server keeps its own copy of the log file's descriptor.
        with (work / "gunicorn.log").open("w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/")
        if args.screenshots:
            screenshots(base, {"home": pages["Home"], "story": pages["Article with a lead image"]}, args.screenshots)
        rows = []
        for page, path in pages.items():
            skip = [audit_id for (name, audit_id) in SKIPPED if name == page]
            reports = [audit(base + path, work / f"report-{len(rows)}-{run}.json", skip) for run in range(args.runs)]
            page_scores = {
                name: round(statistics.median(scores(report)[name] for report in reports)) for name in CATEGORIES
            }
            # The metrics and failures shown are those of the run closest to the median performance.
            middle = min(reports, key=lambda r: abs(scores(r)["performance"] - page_scores["performance"]))
            metrics = {metric: middle["audits"][metric]["displayValue"].replace("\xa0", " ") for metric in METRICS}
            rows.append((page, path, page_scores, metrics, failed_audits(middle), errored_audits(middle)))
            print(f"{page:28} " + "  ".join(f"{name} {page_scores[name]}" for name in CATEGORIES), flush=True)
        write_results(rows, args.runs, time.monotonic() - started)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"Wrote {RESULTS.relative_to(ROOT)} in {time.monotonic() - started:.0f} s")
    missed = [
        f"{page}: {name} {page_scores[name]} < {target}"
        for page, _path, page_scores, _metrics, _failed, _errored in rows
        for name, target in CATEGORIES.items()
        if page_scores[name] < target
    ]
    if missed:
        sys.exit("Targets missed:\n" + "\n".join(missed))


if __name__ == "__main__":
    main()
