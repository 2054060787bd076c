"""Every context's own examples are its tests: it must hold for the [[marked words]] in
`holds` examples and not in `fails` examples."""

import pytest

from medlint.examples import run_context_example
from medlint.rules import load_pack

PACK = load_pack()
CASES = [(ctx, expect, text) for ctx in PACK.contexts.values()
         for expect, texts in zip(("holds", "fails"), ctx.examples) for text in texts]


@pytest.mark.parametrize("ctx,expect,text", CASES, ids=[f"{c.name}:{e}:{i}" for i, (c, e, _) in enumerate(CASES)])
def test_context_example(ctx, expect, text):
    result = run_context_example(ctx, expect, text, PACK)
    assert result.ok, result.describe()


def test_every_shipped_context_has_examples_both_ways():
    missing = [c.name for c in PACK.contexts.values() if not (c.examples[0] and c.examples[1])]
    assert not missing, missing


def test_the_readme_context_example_passes_its_own_examples(tmp_path):
    """The README shows rule authors a context; its examples must hold as written."""
    import re

    from conftest import ROOT, run_cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if b.startswith("contexts:")]
    path = tmp_path / "ctx.yaml"
    path.write_text(block, encoding="utf-8")
    out = run_cli("test-rules", "--only-extra", "--extend-rules", path, env={"MEDLINT_NO_CACHE": "1"})
    assert out.returncode == 0 and b"2 passed, 0 failed" in out.stdout, out.stdout + out.stderr
