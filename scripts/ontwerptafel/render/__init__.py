"""Draw the view model: HTML and PDF through WeasyPrint, DOCX through pandoc."""
