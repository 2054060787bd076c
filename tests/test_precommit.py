"""End to end: a content repository adds medlint as a pre-commit hook; a claim blocks the commit.

Runs the real `pre-commit` against a snapshot of this checkout (working tree included),
so it tests the hook manifest and the install exactly as a content repository gets them.
"""

import os
import shutil
import subprocess

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("pre-commit") is None,
                                reason="git and pre-commit are needed for the hook test")

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd, *args, env=None, check=True):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check,
                          env={**os.environ, **GIT_ENV, **(env or {})})


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This checkout's files (committed or not, minus ignored ones) as a fresh git repository."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            text=True)
    if listed.returncode != 0:
        pytest.skip("the checkout is not a git repository")
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in listed.stdout.splitlines():
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot")
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


def test_commit_with_a_claim_is_blocked_and_a_clean_page_passes(hook_repo, tmp_path_factory):
    repo, rev = hook_repo
    content = tmp_path_factory.mktemp("content")
    env = {"PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home"))}
    git(content, "init", "-q")
    (content / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo}\n  rev: {rev}\n  hooks:\n  - id: medlint\n", encoding="utf-8")
    page = content / "ketamine.md"
    page.write_text("# IV therapy\n\nOur vitamin drips are completely safe and cure hangovers.\n", encoding="utf-8")
    subprocess.run(["pre-commit", "install"], cwd=content, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV, **env})
    git(content, "add", "-A")
    blocked = git(content, "commit", "-m", "add page", env=env, check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "ketamine.md:3:" in output and "[safety.risk-free]" in output and "Failed" in output

    page.write_text("# IV therapy\n\nOur nurses give IV fluids. Ask us about the risks.\n", encoding="utf-8")
    git(content, "add", "-A")
    passed = git(content, "commit", "-m", "add page", env=env, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "medlint" in passed.stdout + passed.stderr
