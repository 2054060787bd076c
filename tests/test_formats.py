"""Every reporter over the same page: github annotations, SARIF structure, jsonl, statistics."""

import json

from conftest import run_cli

PAGE = "# Drips\n\nOur drips are completely safe, and 90% of our patients feel better.\n"


def run_format(tmp_path, fmt, *extra):
    (tmp_path / "p.md").write_text(PAGE)
    proc = run_cli("--format", fmt, *extra, "p.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    return proc.stdout.decode()


def test_github_annotations(tmp_path):
    lines = run_format(tmp_path, "github").splitlines()
    safety = next(l for l in lines if "safety.risk-free" in l)
    assert safety.startswith("::error file=p.md,line=3,col=15,endLine=3,endColumn=30,title=medlint safety.risk-free")
    assert "::\"completely safe\" says" in safety and "%0ASuggestion: " in safety
    assert lines[-1].startswith("Found ")


def test_sarif_has_what_code_scanning_requires(tmp_path):
    data = json.loads(run_format(tmp_path, "sarif"))
    assert data["version"] == "2.1.0" and "$schema" in data
    run = data["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "medlint" and driver["version"]
    rule_ids = [r["id"] for r in driver["rules"]]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["properties"]["tags"]
    assert run["results"]
    for result in run["results"]:
        assert result["ruleId"] == rule_ids[result["ruleIndex"]]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "p.md"
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        assert result["partialFingerprints"]
    safety = next(r for r in run["results"] if r["ruleId"] == "safety.risk-free")
    assert safety["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "completely safe"
    assert "safety-claim" in driver["rules"][safety["ruleIndex"]]["properties"]["tags"]


def test_jsonl_streams_one_finding_per_line(tmp_path):
    lines = run_format(tmp_path, "jsonl").splitlines()
    assert all(json.loads(l)["path"] == "p.md" for l in lines) and len(lines) >= 2


def test_statistics_counts_rules_and_categories(tmp_path):
    out = run_format(tmp_path, "text", "--statistics")
    assert "Findings by rule:" in out and "safety.risk-free" in out and "Findings by category:" in out


def test_output_file(tmp_path):
    (tmp_path / "p.md").write_text(PAGE)
    proc = run_cli("--format", "json", "-o", "out.json", "p.md", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert json.loads((tmp_path / "out.json").read_text())["findings"]
