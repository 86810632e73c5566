from datetime import date

from bot.catalogue.models import FilmDraft, ImportProblem, ParsedFilm


def test_effective_year_falls_back_to_release_date() -> None:
    assert FilmDraft(title="Rocky IV", release_date=date(1985, 11, 21)).effective_year == 1985
    assert FilmDraft(title="Rocky IV", year=1986).effective_year == 1986
    assert FilmDraft(title="Untitled").effective_year is None


def test_import_problem_names_file_and_line() -> None:
    problem = ImportProblem("error", "no title", "films/x.txt", 3)
    assert str(problem) == "films/x.txt:3: error: no title"
    parsed = ParsedFilm(None, (problem,))
    assert not parsed.ok and parsed.errors == (problem,)
