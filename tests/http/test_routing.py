"""URL shapes, resources, methods and the order of the generic checks (wire-format.md §1, §5)."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.db.keys import odpay_apikey
from odpay.services.keys import create_key
from tests.factories import add, patient, payment, set_row, split
from tests.http.conftest import KeyMaker


@pytest.mark.parametrize(
    ("method", "path", "message"),
    [
        ("DELETE", "/api/v1/payments", "payments DELETE  is not a valid method."),
        ("POST", "/api/v1/payments/5", "payments POST  is not a valid method."),
        ("GET", "/api/v1/payments/Refund", "payments GET Refund is not a valid method."),
        ("POST", "/api/v1/payments/refund", "payments POST refund is not a valid method."),
        ("POST", "/api/v1/paysplits", "paysplits POST  is not a valid method."),
        ("PUT", "/api/v1/payments/Refund", "payments PUT Refund is not a valid method."),
        ("PUT", "/api/v1/payments/partial", "payments PUT partial is not a valid method."),
        ("PUT", "/api/v1/payments/12/Refund", "payments PUT Refund is not a valid method."),
        ("GET", "/api/v1/payments/12/Partial", "payments GET Partial is not a valid method."),
        ("POST", "/api/v1/payments/12/Partial", "payments POST Partial is not a valid method."),
        ("POST", "/api/v1/payments/Partial", "payments POST Partial is not a valid method."),
        ("PUT", "/api/v1/payments/12/34", "payments PUT 34 is not a valid method."),
        ("GET", "/api/v1/paysplits/5/Partial", "paysplits GET Partial is not a valid method."),
        ("PATCH", "/api/v1/paysplits/5", "paysplits PATCH  is not a valid method."),
        ("DELETE", "/api/v1/paysplits/5", "paysplits DELETE  is not a valid method."),
        ("POST", "/api/v1/paysplits/Refund", "paysplits POST Refund is not a valid method."),
        ("OPTIONS", "/api/v1/payments", "payments OPTIONS  is not a valid method."),
        ("GET", "/api/v1/payments/١٢", "payments GET ١٢ is not a valid method."),
        ("POST", "/api/v1/payments/5/", "payments POST  is not a valid method."),
    ],
)
def test_a_route_the_resource_lacks_is_an_invalid_method(
    client: TestClient, method: str, path: str, message: str
) -> None:
    r = client.request(method, path, content=b'{"PayAmt": "1"}')
    assert (r.status_code, r.json()) == (400, message)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v1/payment", "payment is not a valid resource."),
        ("/api/v1/Payments", "Payments is not a valid resource."),
        ("/api/v1/widgets/5", "widgets is not a valid resource."),
        ("/api/v1/paysplit/5/Partial", "paysplit is not a valid resource."),
        ("/api/v1/123", "123 is not a valid resource."),
    ],
)
def test_an_unknown_resource_is_404(client: TestClient, path: str, message: str) -> None:
    r = client.get(path)
    assert (r.status_code, r.json()) == (404, message)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/v1",
        "/api/v1/",
        "/api/v1//",
        "/api/v1//payments",
        "/api/v1/payments//",
        "/api/v1/payments//5",
        "/api/v1/payments/5//Partial",
        "/api/v1/payments/5/Partial/x",
        "/api/v1/payments/Refund/Partial",
        "/api/v1/payment/Refund/Partial",
        "/api/v2/payments",
        "/API/v1/payments",
        "/payments",
        "/api/v1payments",
        "/healthz/x",
    ],
)
def test_a_path_of_no_known_shape_is_malformed(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert (r.status_code, r.json()) == (400, "Malformed API request.")


def test_the_query_string_is_not_part_of_the_shape(client: TestClient) -> None:
    r = client.get("/api/v1/payment?x=/a/b/c")
    assert (r.status_code, r.json()) == (404, "payment is not a valid resource.")


def test_get_with_an_id_or_a_trailing_slash_answers_the_list(
    client: TestClient, db: Engine
) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, "10.00")

    def listed(path: str) -> list[dict[str, object]]:
        r = client.get(f"{path}?PatNum={pat_num}", follow_redirects=False)
        assert r.status_code == 200
        # serverDateTime is the time of each request; everything else must match.
        return [{**p, "serverDateTime": ""} for p in r.json()]

    expected = listed("/api/v1/payments")
    assert [p["PayNum"] for p in expected] == [pay_num]
    for path in ("/api/v1/payments/", "/api/v1/payments/999999", f"/api/v1/payments/{pay_num}/"):
        assert listed(path) == expected


def test_get_paysplits_with_an_id_answers_the_list(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, "10.00")
    split_num = split(db, pay_num, pat_num, "10.00", ProvNum=1)
    for path in ("/api/v1/paysplits", "/api/v1/paysplits/", "/api/v1/paysplits/77"):
        r = client.get(f"{path}?PayNum={pay_num}", follow_redirects=False)
        assert r.status_code == 200
        assert [s["SplitNum"] for s in r.json()] == [split_num]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v1/payments", "Payment ID is required."),
        ("/api/v1/payments/", "Payment ID is required."),
        ("/api/v1/payments/0", "Payment ID is required."),
        ("/api/v1/payments/000", "Payment ID is required."),
        ("/api/v1/payments/Partial", "Payment ID is required."),
        ("/api/v1/payments/0/Partial", "Payment ID is required."),
        ("/api/v1/paysplits", "PaySplit ID is required."),
        ("/api/v1/paysplits/0", "PaySplit ID is required."),
    ],
)
def test_put_without_an_id_is_refused_by_the_handler(
    client: TestClient, path: str, message: str
) -> None:
    r = client.put(path, content=b"{}")
    assert (r.status_code, r.json()) == (400, message)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v1/payments/9223372036854775808", "Payment not found."),
        ("/api/v1/payments/123456789012345678901234567890", "Payment not found."),
        ("/api/v1/payments/99999999999999999999/Partial", "Payment not found."),
        ("/api/v1/paysplits/18446744073709551616", "PaySplit not found."),
    ],
)
def test_an_id_beyond_64_bits_matches_no_row(client: TestClient, path: str, message: str) -> None:
    r = client.put(path, content=b"{}")
    assert (r.status_code, r.json()) == (404, message)


def test_an_id_with_leading_zeros_names_the_same_row(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    pay_num = add(
        db, "payment", PatNum=pat_num, PayAmt="10.00", PayType=69, PayDate=date(2024, 1, 2)
    )
    r = client.put(f"/api/v1/payments/000{pay_num}", content=b"{}")
    assert (r.status_code, r.json()["PayNum"]) == (200, pay_num)


class TestOrderOfChecks:
    """Key, then shape, then resource, then route, then permission, then the handler."""

    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("GET", "/api/v1//x/y/z"),
            ("GET", "/nowhere"),
            ("GET", "/api/v1/payment"),
            ("DELETE", "/api/v1/payments"),
            ("GET", "/api/v1/payments"),
            ("PUT", "/api/v1/payments/0"),
        ],
    )
    def test_a_bad_key_comes_before_everything(
        self, client: TestClient, method: str, path: str
    ) -> None:
        r = client.request(method, path, headers={"Authorization": "ODFHIR no/such"})
        assert (r.status_code, r.json()) == (401, "Not Authorized.")

    def test_shape_comes_before_resource(self, client: TestClient) -> None:
        r = client.get("/api/v1/payment/x/y")
        assert (r.status_code, r.json()) == (400, "Malformed API request.")

    def test_resource_comes_before_route(self, client: TestClient) -> None:
        r = client.delete("/api/v1/payment/Refund")
        assert (r.status_code, r.json()) == (404, "payment is not a valid resource.")

    def test_route_comes_before_permission(self, client: TestClient, make_key: KeyMaker) -> None:
        read_only = make_key(("ApiReadAll",))
        r = client.post("/api/v1/payments/5", headers={"Authorization": read_only})
        assert (r.status_code, r.json()) == (400, "payments POST  is not a valid method.")

    def test_a_key_without_permissions_still_passes_the_key_check(
        self, client: TestClient, db: Engine
    ) -> None:
        # `odpay keys create` refuses an empty permission list; a row written before may have one
        num = create_key(db, "noPermissionsDev1", "noPermissionsCust1", ("ApiReadAll",))
        set_row(db, odpay_apikey.name, num, Permissions="")
        no_permissions = {"Authorization": "ODFHIR noPermissionsDev1/noPermissionsCust1"}
        r = client.get("/api/v1/payments/5/x/y", headers=no_permissions)
        assert (r.status_code, r.json()) == (400, "Malformed API request.")
        r = client.get("/api/v1/payments", headers=no_permissions)
        assert (r.status_code, r.json()) == (401, "Not Authorized.")

    def test_permission_comes_before_the_handler(
        self, client: TestClient, make_key: KeyMaker
    ) -> None:
        read_only = {"Authorization": make_key(("ApiReadAll",))}
        for method, path in [
            ("POST", "/api/v1/payments"),
            ("POST", "/api/v1/payments/Refund"),
            ("PUT", "/api/v1/payments"),
            ("PUT", "/api/v1/payments/0/Partial"),
            ("PUT", "/api/v1/paysplits/0"),
        ]:
            r = client.request(method, path, headers=read_only)
            assert (r.status_code, r.json()) == (401, "Not Authorized.")
