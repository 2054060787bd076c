"""What the README and examples/ tell a newcomer holds (issue 12, items 20 and 21): its rule
examples pass their own `medlint test-rules`, its snippets name things that exist."""

import json
import re
import subprocess

import pytest
import yaml

from conftest import ROOT, run_cli
from medlint import REPOSITORY

README = (ROOT / "README.md").read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", README, re.S)
RULE_BLOCKS = [b for b in YAML_BLOCKS if re.search(r"^\s*- id: ", b, re.M) and "category:" in b]
COMMIT = re.compile(r"[0-9a-f]{40}")


def _rule_file(tmp_path, block: str, index: int):
    text = block if block.startswith("rules:") else "rules:\n" + block  # a block may continue the one before
    path = tmp_path / f"readme-{index}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_readme_has_rule_examples():
    assert len(RULE_BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(RULE_BLOCKS)))
def test_readme_rule_examples_pass_their_own_test_rules(tmp_path, index):
    block = RULE_BLOCKS[index]
    path = _rule_file(tmp_path, block, index)
    examples = sum(len(v) for r in yaml.safe_load(path.read_text())["rules"] for v in r["examples"].values())
    out = run_cli("test-rules", "--only-extra", "--extend-rules", path, env={"MEDLINT_NO_CACHE": "1"})
    assert out.returncode == 0, out.stdout.decode() + out.stderr.decode()
    assert f"{examples} passed, 0 failed".encode() in out.stdout


def test_the_readme_consent_form_rule_fires_on_a_page(tmp_path):
    (index, block), = [(i, b) for i, b in enumerate(RULE_BLOCKS) if "consent-form" in b]
    path = _rule_file(tmp_path, block, index)
    page = tmp_path / "book.md"
    page.write_text("# Our clinic\n\nBook a session today and feel at home.\n", encoding="utf-8")
    out = run_cli("--format", "json", "--extend-rules", path, page)
    assert "ourclinic.consent-form" in [f["rule"] for f in json.loads(out.stdout)["findings"]], out.stderr


def test_the_readme_config_example_loads(tmp_path):
    (block,) = [b for b in YAML_BLOCKS if b.startswith("# .medlint.yaml")]
    config = tmp_path / ".medlint.yaml"
    config.write_text(block, encoding="utf-8")
    out = run_cli("config", "--config", config, "--fail-on", "info")
    assert out.returncode == 0, out.stderr
    assert b"(command line --fail-on)" in out.stdout and f"{config}:".encode() in out.stdout


def test_the_precommit_snippet_pins_something_that_can_exist():
    (block,) = [b for b in YAML_BLOCKS if b.startswith("repos:")]
    repo = yaml.safe_load(block)["repos"][0]
    tags = subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert COMMIT.fullmatch(str(repo["rev"])) or repo["rev"] in tags, repo["rev"]
    assert repo["repo"] == REPOSITORY
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in repo["hooks"]] == [hooks[0]["id"]]


def test_the_github_workflow_installs_medlint_pinned_from_its_repository():
    workflow = yaml.safe_load((ROOT / "examples" / "github" / "medlint.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["medlint"]["steps"]]
    installs = [r for r in runs if "pip install" in r]
    assert installs and all(re.search(r"pip install \"?git\+\$\{MEDLINT_REPO\}@\$\{MEDLINT_COMMIT\}", r)
                            for r in installs), installs
    assert not any(re.search(r"pip install\s+medlint\b", r) for r in runs)
    assert workflow["env"]["MEDLINT_REPO"] == REPOSITORY and COMMIT.fullmatch(workflow["env"]["MEDLINT_COMMIT"])


def test_sarif_points_at_medlint_not_at_the_unrelated_pypi_project(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Our TMS is risk-free.\n")
    out = run_cli("--format", "sarif", page)
    driver = json.loads(out.stdout)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == REPOSITORY and "pypi.org" not in driver["informationUri"]


@pytest.mark.parametrize("rule_id", ["medlint.unused-suppression", "medlint.unknown-rule"])
def test_rules_and_explain_know_the_suppression_findings(rule_id):
    listed = run_cli("rules")
    assert listed.returncode == 0 and rule_id.encode() in listed.stdout
    assert rule_id in [r["id"] for r in json.loads(run_cli("rules", "--format", "json").stdout)]
    explained = run_cli("explain", rule_id)
    assert explained.returncode == 0, explained.stderr
    assert explained.stdout.startswith(f"# {rule_id} (medlint)".encode())
