"""The commands on the package as a whole: validate, metadata, build, landing and release.

Each command parses its options and calls one library function; heavy
libraries are imported inside the commands, so ``--help`` starts at once.
"""

from __future__ import annotations

import click

from ontwerptafel.cli.common import reading_package, reports_problems
from ontwerptafel.errors import PackageError
from ontwerptafel.views.i18n import ALL_LANGUAGES, languages


@click.command()
@click.argument("path", default=".", type=click.Path())
@reports_problems
def validate(path: str) -> None:
    """Validate the data package at PATH (its folder or datapackage.json).

    Checks the CSV format, then every schema, key and foreign key with
    frictionless-py, then the rules the schemas cannot say (contiguous ranks,
    parents on the same flipchart, no cycles, ...). Prints one line per
    problem and exits 1, or a one-line summary. A package whose bytes were
    found valid before (by this version of the code) is not checked again.

    Example: ontwerptafel validate .
    """
    from ontwerptafel.package.validation_cache import validate_once as run
    from ontwerptafel.publish.metadata import stale_problems

    with reading_package(path):
        summary = run(path)
        stale = stale_problems(path)
    if stale:
        raise PackageError(stale)
    click.echo(str(summary))


@click.command()
@click.argument("path", default=".", type=click.Path())
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), default=None,
    help="Folder to write into (default: report/build/).",
)
@reports_problems
def landing(path: str, out_dir: str | None) -> None:
    """Write the dataset's landing page: index.html, index.en.html and codebook.html.

    Title, description, citation, licence, every session's reports, every
    data file with its size, rows and checksum and a link to its table in
    codebook.html (the codebook of data/README.md as a web page), and the
    schema.org Dataset (JSON-LD) made from the RO-Crate's entities.

    Example: ontwerptafel landing . --out report/build
    """
    from pathlib import Path

    from ontwerptafel.build import DEFAULT_OUT
    from ontwerptafel.package.read import locate
    from ontwerptafel.publish.landing import write_landing

    with reading_package(path):
        root = locate(path)
        for written in write_landing(root, Path(out_dir) if out_dir else DEFAULT_OUT):
            click.echo(f"wrote {written.name}")


@click.command()
@click.argument("path", default=".", type=click.Path())
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is out of date.")
@reports_problems
def metadata(path: str, check: bool) -> None:
    """Write the generated files of the package at PATH from datapackage.json.

    CITATION.cff, .zenodo.json, datacite.json, dcat.ttl,
    ro-crate-metadata.json and the codebook data/README.md. Run it after
    editing datapackage.json or the data; with --check it only names the
    files that are out of date.

    Example: ontwerptafel metadata .
    """
    from ontwerptafel.package.lock import writing
    from ontwerptafel.package.read import locate
    from ontwerptafel.publish.metadata import stale_problems, write_all

    if check:
        with reading_package(path):
            stale = stale_problems(path)
        if stale:
            raise PackageError(stale)
        click.echo("generated files are up to date")
        return
    root = locate(path)
    with writing(root):
        for written in write_all(root):
            click.echo(f"wrote {written.relative_to(root).as_posix()}")


def _known_languages(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Refuse a language without labels (a path, say) before anything is read."""
    choices = (*languages(), ALL_LANGUAGES)
    for spec in value:
        for item in (s.strip() for s in spec.split(",")):
            if item and item not in choices:
                raise click.BadParameter(
                    f"{item!r} is not one of {', '.join(map(repr, choices))}.", ctx, param
                )
    return value


@click.command()
@click.argument("path", default=".", type=click.Path())
@click.option(
    "--session", "sessions", multiple=True, metavar="ID", help="Build only this session (repeat)."
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="LIST",
    help="Comma-separated formats out of pdf,docx,html,pptx (default: all four).",
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="LIST",
    callback=_known_languages,
    help=f"Comma-separated languages out of {','.join(languages())}, or {ALL_LANGUAGES!r} for"
    " every one, built in one pass (default: each session's own).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Output folder (default: report/build/).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@click.option("--force", is_flag=True, help="Rebuild every document, changed or not.")
@click.option(
    "--landing", is_flag=True, help="Write the landing page too (as 'ontwerptafel landing')."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Reports (a session in a language) rendered at once, each in a process"
    " (default: one per core).",
)
@reports_problems
def build(
    path: str,
    sessions: tuple[str, ...],
    formats: tuple[str, ...],
    langs: tuple[str, ...],
    out_dir: str | None,
    quiet: bool,
    force: bool,
    landing: bool,
    jobs: int | None,
) -> None:
    """Validate the package at PATH and build each session's report.

    Writes <session-id>.pdf, .docx, .html and .pptx (for another language than the
    session's own: <session-id>.<lang>.pdf, ...) into report/build/. Several
    languages are built in one pass: validated once, rendered on every core. Every
    document is rendered before any file is replaced, so a failed build
    leaves the previous outputs as they were. A document whose inputs (its
    rows, the templates, styles, fonts, labels, code) are those of the file
    already there, unedited, is kept; --force rebuilds it anyway.

    With --landing the landing page is written after the reports, in the
    same process and under the same hold on the package.

    Example: ontwerptafel build --session dvhg-2024 --format pdf,html --lang all
    """
    from pathlib import Path

    from ontwerptafel.build import DEFAULT_OUT
    from ontwerptafel.build import build as run
    from ontwerptafel.package.read import locate

    lang = langs or None  # none given: each session's own
    with reading_package(path):
        run(path, sessions, formats, lang, out_dir, quiet, echo=click.echo, force=force, jobs=jobs)
        if landing:  # imported only then: the landing page's libraries cost a build time
            from ontwerptafel.publish.landing import write_landing

            for written in write_landing(locate(path), Path(out_dir) if out_dir else DEFAULT_OUT):
                if not quiet:
                    click.echo(f"wrote {written.name}")


@click.command()
@click.argument("path", default=".", type=click.Path())
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Folder for the zip (default: dist/ in the package folder).",
)
@click.option("--no-reports", is_flag=True, help="Leave the PDF and DOCX reports out.")
@reports_problems
def release(path: str, out_dir: str | None, no_reports: bool) -> None:
    """Write dist/<name>-<version>.zip: the package ready for a data repository.

    Validates the package at PATH, checks that the generated files are
    current, builds every report (PDF and DOCX), and writes one reproducible
    zip with the data, codebook, reports, citation files, README, changelog,
    licences and a SHA256SUMS manifest; then prints what to upload where. A
    version released once is refused: raise the version first.

    Example: ontwerptafel release --out dist
    """
    from ontwerptafel.release import release as run
    from ontwerptafel.release import upload_instructions

    with reading_package(path):
        result = run(path, out_dir, reports=not no_reports, echo=click.echo)
    for line in upload_instructions(result):
        click.echo(line)
