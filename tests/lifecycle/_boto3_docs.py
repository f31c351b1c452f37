"""Specs of a service the harness was never tuned to: boto3's own RST reference for a few of its
operations, extracted with `harness extract` in a temporary project."""

from __future__ import annotations

import os
from pathlib import Path

import boto3
from boto3.docs.service import ServiceDocumenter

from harness.cli import main


def extract_pages(root: Path, service: str, pages: list[str] | tuple[str, ...]) -> Path:
    """Generate ``service``'s boto3 reference into ``root``, keep ``pages`` (client method names),
    run ``harness extract`` there; the specs land in ``root/specs``. Returns ``root``."""
    ServiceDocumenter(service, boto3.Session(region_name="us-east-1"), str(root / "generated")).document_service()
    docs = root / "docs"
    docs.mkdir()
    for page in pages:
        (docs / f"{page}.rst").write_bytes((root / "generated" / service / "client" / f"{page}.rst").read_bytes())
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["extract", "docs", "--out", "specs", "--no-cache", "-q"]) == 0
    finally:
        os.chdir(cwd)
    return root
