"""The pull request and deploy workflows (issue #6, point 5): what they run, and that
the linters `make lint` runs on them catch real mistakes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github/workflows"
BIN = REPO / ".venv/bin"


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
    assert "make test" in commands
    assert "make e2e" in commands
    assert workflow["permissions"] == {"contents": "read"}


def test_deploy_workflow_publishes_main_and_scheduled_posts():
    workflow = load("deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow[True]["schedule"] == [{"cron": "17 6 * * *"}]
    assert "make deploy" in "\n".join(runs(workflow))
    assert workflow["jobs"]["deploy"]["permissions"] == {"contents": "write"}


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
