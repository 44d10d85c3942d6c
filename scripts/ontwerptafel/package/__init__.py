"""The data package: find it, read it, check it against its schemas and rules."""
