"""The schema's naming convention, set on SQLModel's metadata before any table is declared.

Imported by `app/__init__.py`, so it runs before any `app.*.models` module whatever the import
order: every constraint gets a stable, reviewable name in the migrations on both databases.
"""

from sqlalchemy import MetaData
from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

if SQLModel.metadata.naming_convention != NAMING_CONVENTION:
    SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)
