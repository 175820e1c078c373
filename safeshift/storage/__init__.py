"""Durable state for jobs and the audit log: one SQL database, SQLite or PostgreSQL.

``open_database(url)`` gives a ``Database`` whose ``read()``/``write()`` context managers
yield a ``Cursor`` taking ``%s`` placeholders on both backends, so the job store and the
audit store are written once and behave the same on both.
"""

from .database import Cursor, Database, Dialect, open_database, parse_url

__all__ = ["Cursor", "Database", "Dialect", "open_database", "parse_url"]
