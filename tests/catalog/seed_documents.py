"""Reading the seed catalog files and their source documents, for the fidelity tests."""

import re
from functools import cache
from pathlib import Path

import yaml

from app.core.chinese import simplified_document
from app.core.config import get_settings

SEED_DIR = get_settings().seed_dir


@cache
def seed_file(name: str) -> dict:
    return yaml.safe_load((SEED_DIR / name).read_text(encoding="utf-8"))


def obligations(name: str, catalog: int = 0) -> list[dict]:
    return seed_file(name)["catalogs"][catalog]["obligations"]


def by_ref(name: str, ref: str, catalog: int = 0) -> dict:
    return next(entry for entry in obligations(name, catalog) if entry["ref"] == ref)


def squeeze(text: str) -> str:
    """Text without whitespace: tables wrap cells across lines at arbitrary points."""
    return re.sub(r"\s+", "", text)


@cache
def source_text(name: str) -> str:
    """The source document a seed file comes from; 吉安's in simplified characters."""
    document = seed_file(name)["document"]
    text = (SEED_DIR / document).read_text(encoding="utf-8")
    return simplified_document(text) if document.startswith("sources/001_") else text


def source_document_path(name: str) -> Path:
    return SEED_DIR / seed_file(name)["document"]
