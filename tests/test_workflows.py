"""The pull request and deploy workflows (issue #6, point 5): what they run, and that
the linters `make lint` runs on them catch real mistakes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github/workflows"
BIN = Path(sys.executable).parent  # the venv running the tests: .venv or .venv-properdocs


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def runs(workflow: dict) -> list[str]:
    return [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]


def lint(folder: Path) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    files = sorted(str(p) for p in folder.glob("*.yml"))
    schema = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    audit = subprocess.run(
        [BIN / "zizmor", "--offline", "--quiet", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    return schema, audit


def test_pull_request_workflow_runs_the_writers_checks_build_and_tests():
    workflow = load("pull-request.yml")
    assert workflow[True]["pull_request"]["branches"] == ["main"]  # YAML reads `on` as True
    commands = "\n".join(runs(workflow))
    assert '.venv/bin/masthead check --format github "${changed[@]}"' in commands
    assert 'git diff --name-only --diff-filter=d "$BASE_SHA"...HEAD -- docs/' in commands
    assert ".venv/bin/mkdocs build --strict" in commands
    steps = runs(workflow)
    assert steps.index("make test") < steps.index("make test-properdocs") < steps.index("make e2e")
    assert workflow["permissions"] == {"contents": "read"}


def test_ci_runs_the_tests_on_both_hosts_then_the_browser_tests():
    script = (REPO / ".ci/run").read_text()
    commands = [line for line in script.splitlines() if line.startswith("make ")]
    assert commands == ["make test", "make test-properdocs", "make e2e", "make lighthouse"]
    assert "set -euo pipefail" in script


def test_deploy_workflow_publishes_main_and_scheduled_posts():
    workflow = load("deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow[True]["schedule"] == [{"cron": "17 6 * * *"}]
    assert "make deploy" in "\n".join(runs(workflow))
    assert workflow["jobs"]["deploy"]["permissions"] == {"contents": "write"}
    steps = workflow["jobs"]["deploy"]["steps"]
    # The whole history (git dates for dateModified and <lastmod>), and the image
    # variants of the last deploy restored (#17).
    assert steps[0]["with"]["fetch-depth"] == 0
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache/masthead"


def test_every_action_is_pinned_to_a_commit():
    uses = [
        step["uses"]
        for path in WORKFLOWS.glob("*.yml")
        for job in yaml.safe_load(path.read_text())["jobs"].values()
        for step in job["steps"]
        if "uses" in step
    ]
    assert len(uses) >= 4
    assert [u for u in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u)] == []


def test_the_workflows_pass_the_linters():
    schema, audit = lint(WORKFLOWS)
    assert schema.returncode == 0, schema.stdout
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_the_linters_catch_mistakes(tmp_path):
    invalid, unsafe = tmp_path / "invalid", tmp_path / "unsafe"
    invalid.mkdir()
    unsafe.mkdir()
    (invalid / "bad.yml").write_text(
        "name: bad\n"
        "on: pull-request\n"  # not an event
        "jobs:\n"
        "  a:\n"
        "    steps:\n"  # no runs-on
        "      - run: make test\n"
    )
    (unsafe / "unsafe.yml").write_text(
        "name: unsafe\n"
        "on: pull_request\n"
        "permissions: {}\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"  # not pinned
        "        with: {persist-credentials: false}\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'  # injection
    )
    schema = lint(invalid)[0]
    assert schema.returncode != 0
    assert "'pull-request' is not valid" in schema.stdout
    assert "'runs-on' is a required property" in schema.stdout
    schema, audit = lint(unsafe)
    assert schema.returncode == 0, schema.stdout
    assert audit.returncode != 0
    assert "unpinned-uses" in audit.stdout
    assert "template-injection" in audit.stdout


def test_pre_commit_runs_what_make_lint_runs_from_the_venv():
    lint = subprocess.run(
        ["make", "--no-print-directory", "-n", "-o", ".venv/.installed", "lint"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # nothing downloaded
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert all(hook["entry"].startswith(".venv/bin/") for hook in hooks.values())
    # Every linter of `make lint` is a hook that runs it with the same options, and back.
    on_commit = [h["entry"] for h in hooks.values() if "manual" not in h.get("stages", [])]

    def same(entry: str, line: str) -> bool:  # the line is the entry and paths (no option)
        rest = line.removeprefix(entry + " ")
        paths = rest != line and not any(arg.startswith("-") for arg in rest.split())
        return line == entry or paths

    runs_it = {line: [e for e in on_commit if same(e, line)] for line in lint}
    assert all(len(entries) == 1 for entries in runs_it.values()), runs_it
    assert sorted(e for entries in runs_it.values() for e in entries) == sorted(on_commit)
    # mypy runs in `make lint`, so on every commit too.
    assert ("mypy" in "\n".join(lint)) == ("manual" not in hooks["mypy"].get("stages", []))
