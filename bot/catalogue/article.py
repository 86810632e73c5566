"""Reading a "best scenes" film article into a :class:`~bot.catalogue.models.FilmDraft`.

The format is that of a blog post about a film and its best scenes::

    Some Film Blog                          <- blog chrome: ignored
    6 Best Moments from Rocky IV Movie      <- blog chrome: ignored

    Title: Rocky IV                         <- the header: "Key: value" lines,
    Release Date: 21/11/1985                   blank lines allowed between them
    Genres: Drama, Sport

    Rocky goes to Moscow to ...             <- the synopsis: paragraphs of prose

    6 Best Scenes from Rocky IV             <- the heading: "N Best Scenes/Moments from/in/of X"

    Scene 1: An exhibition bout             <- a scene: the title runs to the end of its line
    The old rivals meet again ...           <- ... and the description to the next marker
    ... the end of the paragraph. Scene 2: Paulie and the robot
                                            ^ a marker starts a scene wherever it stands
    Scene 6: A speech. After the fight ...  <- when the description continues on the title's
                                               line, the title is its first sentence

Header keys are case-insensitive and tolerate extra spaces. ``Title`` is required;
``Release Date`` (read by :func:`~bot.catalogue.dates.parse_release_date`) and ``Genres``
(comma-separated, mapped onto the genre vocabulary) are expected. ``Year``, ``Director``,
``Runtime`` ("91 min", "1h 31m"), ``Original Title``, ``Also Known As`` (separated by ``;`` or,
when there is none, by commas) and ``Tagline`` are optional. A ``Synopsis:`` (or ``Plot:``) line
ends the header and its value starts the synopsis. Common keys the catalogue does not store
(``Cast``, ``Rating``, ...) are skipped with a warning; any other line ends the header.

Blog chrome before the first header line is ignored. Without a heading, the synopsis ends at
the first ``Scene N:`` marker (with a warning); text between the heading and the first marker
is ignored (with a warning). Scenes are ranked in the order they appear, whatever their numbers
say; skipped, repeated or out-of-order numbers, and a count that differs from the heading's, are
warnings. A scene title is cut at a word boundary (with "…") when it is too long.

Text is kept as written (curly quotes and other Unicode included) except that line endings are
normalised, a leading byte order mark and control characters are removed, and runs of
whitespace inside a paragraph become one space. Paragraphs are joined with a blank line.

:func:`parse_article` never raises: everything it notices becomes an
:class:`~bot.catalogue.models.ImportProblem` naming the 1-based line of the original text, and
any error leaves the draft out. All the work is linear in the size of the text.

The work is split by responsibility: :mod:`~bot.catalogue.article_header` finds and reads the
header lines, :mod:`~bot.catalogue.article_fields` checks and converts their values,
:mod:`~bot.catalogue.article_scenes` reads the synopsis, the heading and the scenes (with
:mod:`~bot.catalogue.article_sentences` finding where a scene title's first sentence ends), and
:mod:`~bot.catalogue.article_text` holds the text bookkeeping and the problem collector.
"""

from __future__ import annotations

from bot.catalogue.article_fields import film_fields
from bot.catalogue.article_header import read_header
from bot.catalogue.article_scenes import read_body
from bot.catalogue.article_text import MAX_WARNINGS, Problems, normalise
from bot.catalogue.models import FilmDraft, ParsedFilm

__all__ = ["MAX_WARNINGS", "parse_article"]


def parse_article(text: str, source: str) -> ParsedFilm:
    """Read one film article; ``source`` names it in problems and in the draft.

    Never raises. On errors the result's ``draft`` is None and ``problems`` says why.
    """
    problems = Problems(source)
    lines = normalise(text).split("\n")
    header = read_header(lines, problems)
    if header is None:
        problems.error(
            "No header found: the article should start with “Title:”, “Release Date:” and "
            "“Genres:” lines, before the synopsis and the scenes."
        )
        return ParsedFilm(None, problems.collected())
    values = film_fields(header, problems)
    synopsis, scenes = read_body(lines, header.body_start, problems)
    if problems.has_errors:
        return ParsedFilm(None, problems.collected())
    draft = FilmDraft(
        title=values.title,
        original_title=values.original_title,
        alt_titles=values.alt_titles,
        release_date=values.release_date,
        year=values.year,
        runtime=values.runtime,
        genres=values.genres,
        director=values.director,
        tagline=values.tagline,
        synopsis=synopsis,
        source=source,
        scenes=scenes,
    )
    return ParsedFilm(draft, problems.collected())
