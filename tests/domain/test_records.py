"""The family key: a patient's guarantor, and the family's."""

from dataclasses import replace

from tests.domain.builders import family, patient


def test_a_guarantor_of_0_means_the_patient_is_their_own_guarantor() -> None:
    assert replace(patient(10), Guarantor=0).family_guarantor == 10
    assert (
        patient(11, Guarantor=11).family_guarantor,
        patient(12, Guarantor=10).family_guarantor,
    ) == (11, 10)


def test_the_familys_guarantor_is_its_payers() -> None:
    fam = family(patient(11, Guarantor=10), patient(10), patient(12, Guarantor=10))
    assert fam.guarantor == 10
