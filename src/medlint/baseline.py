"""Baselines for adopting medlint on an existing site.

`--write-baseline FILE` records today's findings; `--baseline FILE` then reports only
findings that are not in it. A finding is recorded by its page, rule and words (not its
line), with a count, so edits elsewhere that shift lines do not resurrect old findings,
and a second copy of the same claim on a page is still new.
"""

from __future__ import annotations

import json
from collections import Counter

from medlint.errors import ConfigError
from medlint.globs import relative_posix

VERSION = 1


def fingerprint(f) -> tuple[str, str, str]:
    return relative_posix(f.path, "."), f.rule, " ".join(f.text.lower().split())


class Baseline:
    def __init__(self, counts: Counter) -> None:
        self.counts = counts

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
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise ConfigError(f"{path}:1: not a medlint baseline (expected version {VERSION} and a findings list)")
        counts = Counter()
        for entry in data["findings"]:
            try:
                counts[(entry["path"], entry["rule"], entry["text"])] += int(entry.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise ConfigError(f"{path}: baseline entry {entry!r} needs path, rule, text and count") from None
        return cls(counts)

    def filter(self, findings):
        """Findings not covered by the baseline (each entry covers `count` occurrences)."""
        left = Counter(self.counts)
        new = []
        for f in findings:
            key = fingerprint(f)
            if left[key] > 0:
                left[key] -= 1
            else:
                new.append(f)
        return new


def write_baseline(path: str, findings) -> int:
    counts = Counter(fingerprint(f) for f in findings)
    entries = [{"path": p, "rule": r, "text": t, "count": n} for (p, r, t), n in sorted(counts.items())]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"version": VERSION, "tool": "medlint", "findings": entries}, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    return sum(counts.values())
