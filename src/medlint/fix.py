"""`--fix` and `--diff`: apply the literal fixes that rules declare as safe.

Only rules with a `fix:` template are fixed, and only where the flagged words stand in
the source exactly as in the prose (no markup or entities inside them), so a fix can
never break markup. The file is written atomically (temporary file, then rename) in its
own encoding, BOM and line endings; files with nothing to fix are not touched.
"""

from __future__ import annotations

import difflib
import os

from medlint.document import fold_typography
from medlint.runner import lint_source


def _replacement(rule, text: str) -> str | None:
    """The fix template filled from the rule's own pattern matched against the flagged words."""
    pattern = getattr(rule.compiled, "pattern", None)
    m = pattern.fullmatch(text) if pattern is not None else None
    if m is None:
        return None
    values = {k: v for k, v in m.groupdict().items() if v is not None}
    values["match"] = text
    try:
        new = rule.fix.format_map(values)  # fields were checked at load (templates.py)
    except KeyError:  # a group that took no part in this match
        return None
    if text[:1].isupper() and new[:1].islower():
        new = new[0].upper() + new[1:]
    return new


def planned_edits(doc, findings, pack) -> list[tuple[int, int, str]]:
    edits = []
    for f in findings:
        rule = pack.get(f.rule)
        if rule is None or rule.fix is None:
            continue
        start, end = _offsets(doc, f)
        if fold_typography(doc.source[start:end]) != f.text:
            continue  # markup or entities inside the words: leave it to a person
        new = _replacement(rule, f.text)
        if new is not None and new != doc.source[start:end]:
            edits.append((start, end, new))
    edits.sort()
    # Overlapping edits: keep the first.
    kept, last_end = [], -1
    for e in edits:
        if e[0] >= last_end:
            kept.append(e)
            last_end = e[1]
    return kept


def _offsets(doc, f) -> tuple[int, int]:
    starts = doc._line_starts
    return starts[f.line - 1] + f.column - 1, starts[f.end_line - 1] + f.end_column - 1


def apply_fixes(outcome, pack, settings, write: bool, diff_stream=None):
    """Fix one page. Returns (outcome for the fixed text, how many fixes were made); with
    `write`, the file is rewritten (safe_write.py) and a FixError says why it could not be."""
    doc = outcome.doc
    edits = planned_edits(doc, outcome.result.findings, pack)
    if not edits:
        return outcome, 0
    new = doc.source
    for start, end, text in reversed(edits):
        new = new[:start] + text + new[end:]
    if diff_stream is not None:
        bom = "\ufeff" if outcome.encoding.bom == b"\xef\xbb\xbf" else ""
        diff_stream.writelines(patch(doc.path, bom + doc.source, bom + new))
    if write:
        from medlint.safe_write import replace_contents

        replace_contents(doc.path, outcome.encoding.encode(doc.source), outcome.encoding.encode(new))
    fixed = lint_source(doc.path, new, pack, settings, doc.format)
    fixed.encoding = outcome.encoding
    return fixed, len(edits)


def _patch_lines(text: str) -> list[str]:
    """Lines as `patch` and `git apply` see them: ended by \\n only (a lone \\r is content)."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def patch(path: str, old: str, new: str):
    """A unified diff `git apply` and `patch -p1` accept, "\\ No newline at end of file" included."""
    name = path.replace(os.sep, "/").lstrip("/")
    for line in difflib.unified_diff(_patch_lines(old), _patch_lines(new), fromfile=f"a/{name}",
                                     tofile=f"b/{name}"):
        if line.endswith("\n"):
            yield line
        else:
            yield line + "\n\\ No newline at end of file\n"
