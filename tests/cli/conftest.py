"""Fixtures for the CLI tests: files under tmp_path and a runner for ``main``."""

from __future__ import annotations

import json

import pytest



@pytest.fixture
def write_json(tmp_path):
    """Write a dict (or raw text) to a file under ``tmp_path``; returns its path as str."""

    def write(name: str, data) -> str:
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def run(cli):
    """Run ``safeshift ARGS``; returns (exit code, stdout, stderr) (the shared ``cli`` fixture)."""
    return cli
