"""Baselines for adopting medlint on an existing site.

`--write-baseline FILE` records today's findings; `--baseline FILE` then reports only
findings that are not in it. A finding is recorded by its page, rule and words (not its
line), with a count, so edits elsewhere that shift lines do not resurrect old findings,
and a second copy of the same claim on a page is still new. Pages are recorded relative to
the baseline file's folder, so the baseline works from any working folder; pages from a
WARC by their URL.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from medlint.errors import ConfigError

VERSION = 1


def page_key(page: str, base: str) -> str:
    """The page relative to the baseline's folder, in / form (absolute on another drive); a
    crawled page (WARC) by its URL, which no folder changes."""
    if "://" in page:
        return page
    absolute = os.path.abspath(page)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # Windows: another drive
        rel = absolute
    return rel.replace(os.sep, "/")


def fingerprint(f, base: str) -> tuple[str, str, str]:
    return page_key(f.path, base), f.rule, " ".join(f.text.lower().split())


def _folder(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


class Baseline:
    def __init__(self, counts: Counter, base: str = ".") -> None:
        self.counts = counts
        self.base = os.path.abspath(base)

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            raise ConfigError(f"{path}: baseline file not found (create it with --write-baseline)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read baseline: {exc}") from None
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{exc.lineno}: not a medlint baseline: {exc.msg}") from None
        except RecursionError:
            raise ConfigError(f"{path}:1: not a medlint baseline: nested too deeply") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise ConfigError(f"{path}:1: not a medlint baseline (expected version {VERSION} and a findings list)")
        counts = Counter()
        for number, entry in enumerate(data["findings"], 1):
            count = entry.get("count", 1) if isinstance(entry, dict) else None
            fields = [entry.get(k) for k in ("path", "rule", "text")] if isinstance(entry, dict) else [None]
            if not all(isinstance(v, str) for v in fields) or type(count) is not int or count < 1:
                raise ConfigError(f"{path}: finding {number} of the baseline needs text path, rule and text "
                                  f"and a whole count of 1 or more")
            counts[tuple(fields)] += count
        return cls(counts, _folder(path))

    def filter(self, findings):
        """Findings not covered by the baseline (each entry covers `count` occurrences)."""
        left = Counter(self.counts)
        new = []
        for f in findings:
            key = fingerprint(f, self.base)
            if left[key] > 0:
                left[key] -= 1
            else:
                new.append(f)
        return new


def write_baseline(path: str, findings) -> int:
    base = _folder(path)
    counts = Counter(fingerprint(f, base) for f in findings)
    entries = [{"path": p, "rule": r, "text": t, "count": n} for (p, r, t), n in sorted(counts.items())]
    text = json.dumps({"version": VERSION, "tool": "medlint", "findings": entries}, indent=1, ensure_ascii=False)
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return sum(counts.values())
