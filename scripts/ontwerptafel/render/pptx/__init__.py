"""The PPTX edition: the slides as a pandoc AST, written by pandoc's PowerPoint writer."""
