import datetime as dt

import pytest

from actionplans.core.dates import DateError, PartialDate, add_months, parse_date, parse_due


@pytest.mark.parametrize("text, expected", [
    ("2023-03-31", PartialDate(2023, 3, 31)),
    ("2019-05", PartialDate(2019, 5)),
    ("2019", PartialDate(2019)),
    (2019, PartialDate(2019)),
    ("2024-02-29", PartialDate(2024, 2, 29)),
])
def test_accepted_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("2020-06-31", "June has 30 days"),
    ("31.6.2020", "June has 30 days"),
    ("31/03/2023", "write 2023-03-31"),
    ("31.7.22", "write 2022-07-31"),
    ("2023-02-29", "February 2023 has 28 days"),
    ("31 st March 2023", "write 2023-03-31"),
    ("End of June 2023", "write 2023-06"),
    ("2020-6-3", "write 2020-06-03"),
    ("2020-13", "there is no month 13"),
    ("next spring", "write a date as YYYY-MM-DD, YYYY-MM or YYYY"),
])
def test_rejected_with_reason(text, reason):
    with pytest.raises(DateError) as exc:
        parse_date(text)
    assert str(exc.value) == reason


def test_due_words_only_for_due():
    assert parse_due("ongoing") == "ongoing"
    assert parse_due("TBC") == "tbc"
    with pytest.raises(DateError):
        parse_date("ongoing")


def test_month_and_year_mean_their_last_day():
    assert PartialDate(2023, 6).last_day() == dt.date(2023, 6, 30)
    assert PartialDate(2024, 2).last_day() == dt.date(2024, 2, 29)
    assert PartialDate(2023).last_day() == dt.date(2023, 12, 31)


def test_display():
    assert PartialDate(2023, 3, 31).display() == "31 March 2023"
    assert PartialDate(2023, 6).display() == "June 2023"
    assert PartialDate(2023).display() == "2023"


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 1, 15), 12) == dt.date(2024, 1, 15)
