"""The DOCX edition: the slides as a pandoc AST, written by the pinned pandoc."""
