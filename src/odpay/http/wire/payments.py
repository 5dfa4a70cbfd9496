"""Open Dental's JSON on the wire: the Payment and PaySplit objects, field for field, and the
one way every response body is written.

Spec: wire-format.md §4 (responses, D18), §7 (date formats), §8 (Payment), §9 (PaySplit),
§10 (enum names), §11 (serverDateTime).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import Response

from odpay.domain.enums import PaymentSource, PayPlanDebitType, ProcessStat
from odpay.domain.money import amount_text, to_double
from odpay.http.wire.dateformat import (
    DATE_DEFAULT,
    DATE_TIME_DEFAULT,
    format_date,
    format_date_time,
)
from odpay.services.clock import office_zone
from odpay.services.enum_names import name_of
from odpay.services.errors import bad_request
from odpay.services.refusals import ANY_FIELD_INVALID
from odpay.services.views import PaymentView, PaySplitView

MEDIA_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True, slots=True)
class DateFormats:
    """The patterns of one response (wire-format.md §7), and the functions that write them
    (chosen once: a page writes hundreds of dates)."""

    date_pattern: str = DATE_DEFAULT
    date_time_pattern: str = DATE_TIME_DEFAULT
    of_date: Callable[[date], str] = field(init=False, repr=False, compare=False)
    of_date_time: Callable[[datetime], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "of_date", self._date_writer())
        object.__setattr__(self, "of_date_time", self._date_time_writer())

    def _date_writer(self) -> Callable[[date], str]:
        if self.date_pattern == DATE_DEFAULT:
            return date.isoformat  # yyyy-MM-dd, the same text as the pattern gives
        pattern = self.date_pattern
        return lambda value: format_date(value, pattern, office_zone())

    def _date_time_writer(self) -> Callable[[datetime], str]:
        if self.date_time_pattern == DATE_TIME_DEFAULT:
            return _iso_date_time
        pattern = self.date_time_pattern
        return lambda value: format_date_time(value, pattern, office_zone())


def _iso_date_time(value: datetime) -> str:
    return value.isoformat(" ", "seconds")  # yyyy-MM-dd HH:mm:ss


DEFAULT_FORMATS = DateFormats()


# A pattern is written once per date of a page: a 60 KB one made a page of 40 MB. Real
# patterns are a few dozen characters; .NET sets no limit, odpay sets this one.
MAX_FORMAT_CHARS = 100
FORMAT_REFUSALS = tuple(
    bad_request(f"{name} is too long. At most {MAX_FORMAT_CHARS} characters.")
    for name in ("DateFormatString", "DateTimeFormatString")
)


def query_formats(request: Request) -> DateFormats:
    """A GET's DateFormatString / DateTimeFormatString; absent or empty means the default."""
    patterns = []
    for name, default, refusal in zip(
        ("DateFormatString", "DateTimeFormatString"),
        (DATE_DEFAULT, DATE_TIME_DEFAULT),
        FORMAT_REFUSALS,
        strict=True,
    ):
        pattern = first_query_value(request, name) or default
        if len(pattern) > MAX_FORMAT_CHARS:
            raise refusal.error()
        patterns.append(pattern)
    return DateFormats(*patterns)


# NUL (`%00`) is refused by PostgreSQL in any text it compares and kept by the others: a query
# value holding one is refused alike on every engine.
QUERY_VALUE_INVALID = ANY_FIELD_INVALID


def query_text(name: str, value: str) -> str:
    if "\x00" in value:
        raise QUERY_VALUE_INVALID.error(Field=name)
    return value


def first_query_value(request: Request, name: str) -> str | None:
    """Names are case-sensitive; when one repeats, its first value counts (wire-format.md §3)."""
    values = request.query_params.getlist(name)
    return query_text(name, values[0]) if values else None


def payment_json(view: PaymentView, formats: DateFormats, server_date_time: str) -> dict[str, Any]:
    p = view.payment
    of_date = formats.of_date
    return {
        "PayNum": p.PayNum,
        "PayType": p.PayType,
        "payType": view.pay_type_name,
        "PayDate": of_date(p.PayDate),
        "PayAmt": amount_text(p.PayAmt),
        "CheckNum": p.CheckNum,
        "BankBranch": p.BankBranch,
        "PayNote": p.PayNote,
        "PatNum": p.PatNum,
        "ClinicNum": str(p.ClinicNum),  # a string here, a number in the PaySplit JSON (D1)
        "DateEntry": of_date(p.DateEntry),
        "DepositNum": p.DepositNum,
        "Receipt": p.Receipt,
        "IsRecurringCC": "true" if p.IsRecurringCC else "false",
        "SecUserNumEntry": p.SecUserNumEntry,
        "SecDateTEdit": formats.of_date_time(p.SecDateTEdit),
        "PaymentSource": name_of(PaymentSource, p.PaymentSource),
        "ProcessStatus": name_of(ProcessStat, p.ProcessStatus),
        "RecurringChargeDate": of_date(p.RecurringChargeDate),
        "IsCcCompleted": "true" if p.IsCcCompleted else "false",
        "serverDateTime": server_date_time,
    }


def paysplit_json(view: PaySplitView, formats: DateFormats) -> dict[str, Any]:
    s = view.split
    return {
        "SplitNum": s.SplitNum,
        # The double's shortest text always has a point: 140.0, 25.5 (D3).
        "SplitAmt": to_double(s.SplitAmt),
        "PatNum": s.PatNum,
        "PayNum": s.PayNum,
        "ProvNum": s.ProvNum,
        "PayPlanNum": s.PayPlanNum,
        "DatePay": formats.of_date(s.DatePay),
        "ProcNum": s.ProcNum,
        "DateEntry": formats.of_date(s.DateEntry),
        "UnearnedType": s.UnearnedType,
        "unearnedType": view.unearned_type_name,
        "ClinicNum": s.ClinicNum,
        "SecDateTEdit": formats.of_date_time(s.SecDateTEdit),
        "AdjNum": s.AdjNum,
        "PayPlanChargeNum": s.PayPlanChargeNum,
        "PayPlanDebitType": name_of(PayPlanDebitType, s.PayPlanDebitType),
    }


def payment_response(view: PaymentView, status_code: int) -> Response:
    """A POST or PUT answer: default formats, serverDateTime empty (§11)."""
    return json_response(payment_json(view, DEFAULT_FORMATS, ""), status_code)


def one_line(text: str) -> str:
    """D18: each CR LF pair becomes one space, then each lone CR or LF a space."""
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def _one_line_strings(content: Any) -> Any:
    if isinstance(content, str):
        return one_line(content)
    if isinstance(content, dict):
        return {key: _one_line_strings(value) for key, value in content.items()}
    if isinstance(content, list):
        return [_one_line_strings(item) for item in content]
    return content


def json_response(content: Any, status_code: int = 200) -> Response:
    """Compact UTF-8 JSON, non-ASCII as itself, strings on one line (§4)."""
    body = orjson.dumps(content)
    # Compact JSON holds a line break only as an escape inside a string; most bodies have
    # none, so the strings are walked only when one may be there (a false alarm only costs
    # the walk).
    if b"\\" in body and (b"\\r" in body or b"\\n" in body):
        body = orjson.dumps(_one_line_strings(content))
    return Response(body, status_code=status_code, media_type=MEDIA_TYPE)
