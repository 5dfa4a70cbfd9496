"""services/clock.py: fixed_clock() stops office_now() and office_today(), nests, and lets go."""

from datetime import date, datetime

from odpay.services.clock import fixed_clock, office_now, office_today


def test_a_fixed_clock_answers_its_moment_to_the_second_and_blocks_nest() -> None:
    with fixed_clock(datetime(2024, 2, 29, 23, 59, 59, 999_999)) as now:
        assert (now, office_now(), office_today()) == (
            datetime(2024, 2, 29, 23, 59, 59),
            datetime(2024, 2, 29, 23, 59, 59),
            date(2024, 2, 29),
        )
        with fixed_clock(datetime(2030, 1, 1, 8, 0)):
            assert office_today() == date(2030, 1, 1)
        assert office_now() == datetime(2024, 2, 29, 23, 59, 59)


def test_after_the_block_the_clock_runs_again() -> None:
    with fixed_clock(datetime(2000, 1, 1)):
        pass
    assert office_now().year > 2000
