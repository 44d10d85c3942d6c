"""Add or correct a session: entry workbooks, their import, and the all-or-nothing swap."""
