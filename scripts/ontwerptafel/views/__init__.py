"""The view model: a session (or all of them) as the slides of its report, per language."""
