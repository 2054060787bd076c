"""Generate a deterministic benchmark corpus of clinic pages in Markdown, HTML and plain text.

Pages are assembled from the project's own fixture and example pages (claims and
compliant text) mixed with neutral filler, so the matcher sees realistic density.

    python bench/make_corpus.py OUT_DIR [--pages 2000] [--size 8000] [--seed 7]
"""

from __future__ import annotations

import argparse
import html
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "examples", ROOT / "tests" / "fixtures" / "pages"]
FILLER = (
    "Our clinic is open Monday to Saturday, with parking behind the building.",
    "Please bring a list of your current medications and a photo ID to your first visit.",
    "Our team includes board-certified physicians, nurses and licensed therapists.",
    "We accept most major insurance plans; call us to check your coverage.",
    "Sessions are scheduled in advance, and we send a reminder the day before.",
    "Wear comfortable clothes and plan to have someone drive you home.",
    "The waiting room has quiet seating, water and a place to charge your phone.",
    "Our front desk can help you with forms, billing questions and directions.",
)
HEADINGS = ("What to expect", "Frequently asked questions", "Our approach", "Getting started",
            "About the treatment", "Before your visit", "Pricing and insurance", "Why patients choose us")


def sentences() -> list[str]:
    found = []
    for folder in SOURCES:
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".md", ".html", ".txt"):
                continue
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"<[^>]+>|^---.*?---|^#+ |[*`]", " ", text, flags=re.S | re.M)
            for s in re.split(r"(?<=[.!?])\s+", html.unescape(text)):
                s = " ".join(s.split())
                if 30 <= len(s) <= 300:
                    found.append(s)
    return found


def paragraphs(rng: random.Random, pool: list[str], size: int) -> list[tuple[str, str]]:
    out, total = [], 0
    while total < size:
        if rng.random() < 0.2:
            block = ("h", rng.choice(HEADINGS))
        else:
            picks = [rng.choice(pool) if rng.random() < 0.45 else rng.choice(FILLER) for _ in range(rng.randint(2, 5))]
            block = ("p", " ".join(picks))
        out.append(block)
        total += len(block[1]) + 2
    return out


def render(fmt: str, title: str, blocks) -> str:
    if fmt == "md":
        body = "\n\n".join(f"## {t}" if k == "h" else t for k, t in blocks)
        return f"---\ntitle: {title}\n---\n# {title}\n\n{body}\n"
    if fmt == "html":
        body = "\n".join(f"<h2>{html.escape(t)}</h2>" if k == "h" else f"<p>{html.escape(t)}</p>" for k, t in blocks)
        return (f"<!DOCTYPE html>\n<html><head><title>{html.escape(title)}</title>"
                f"<style>p {{ margin: 0 }}</style></head>\n<body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")
    return f"{title}\n\n" + "\n\n".join(t for _, t in blocks) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--size", type=int, default=8000, help="approximate characters per page")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = sentences()
    titles = ("IV Ketamine for PTSD", "TMS for Depression", "Semaglutide Weight Loss", "Stem Cells for Knee Pain",
              "Testosterone Therapy", "Hyperbaric Oxygen Therapy", "IV Vitamin Drips", "PRP for Hair Loss")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(args.pages):
        fmt = ("md", "html", "txt")[i % 3]
        text = render(fmt, rng.choice(titles), paragraphs(rng, pool, args.size))
        (out / f"page{i:05d}.{fmt}").write_text(text, encoding="utf-8")
        total += len(text.encode())
    print(f"{args.pages} pages, {total / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
