"""The command line: parse, call one library function, report.

Each command's docstring is its help text; the commands live beside this
file by what they act on (``package_commands``, ``session_commands``).
"""

from __future__ import annotations

import click

from ontwerptafel import __version__
from ontwerptafel.cli import package_commands, session_commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ontwerptafel")
def cli() -> None:
    """Publish a participatory workshop as open data and as its report.

    The data package (datapackage.json and data/*.csv) is the one source of
    truth; the reports are generated from it.
    """


for command in (
    package_commands.validate,
    package_commands.metadata,
    package_commands.build,
    package_commands.landing,
    session_commands.new_session,
    session_commands.export,
    session_commands.import_,
    package_commands.release,
):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ontwerptafel")
