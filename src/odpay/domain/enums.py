"""Open Dental's enums that the sandbox resources read and write by name.

Names and values are Open Dental 25.4's (schema.md §3 and the schema reference). PatientStatus,
ProcStat and ClaimProcStatus live in records.py beside the rows the engine reads.
"""

from enum import IntEnum
from functools import cache

from odpay.domain.records import DefCat


class PatientGender(IntEnum):
    Male = 0
    Female = 1
    Unknown = 2
    Other = 3


class PatientPosition(IntEnum):
    Single = 0
    Married = 1
    Child = 2
    Widowed = 3
    Divorced = 4


class ContactMethod(IntEnum):
    None_ = 0
    DoNotCall = 1
    HmPhone = 2
    WkPhone = 3
    WirelessPh = 4
    Email = 5
    SeeNotes = 6
    Mail = 7
    TextMessage = 8


class YN(IntEnum):
    Unknown = 0
    Yes = 1
    No = 2


class PlaceOfService(IntEnum):
    Office = 0
    PatientsHome = 1
    InpatHospital = 2
    OutpatHospital = 3
    SkilledNursFac = 4
    CustodialCareFacility = 5
    OtherLocation = 6
    MobileUnit = 7
    School = 8
    MilitaryTreatFac = 9
    FederalHealthCenter = 10
    PublicHealthClinic = 11
    RuralHealthClinic = 12
    EmergencyRoomHospital = 13
    AmbulatorySurgicalCenter = 14
    TelehealthOutsideHome = 15
    TelehealthInHome = 16
    OutreachSiteOrStreet = 17


class ProviderStatus(IntEnum):
    Active = 0
    Deleted = 1


class TreatmentArea(IntEnum):
    None_ = 0
    Surf = 1
    Tooth = 2
    Mouth = 3
    Quad = 4
    Sextant = 5
    Arch = 6
    ToothRange = 7


@cache  # a page names the same few members hundreds of times
def name_of(enum: type[IntEnum], value: int) -> str:
    """The member's name (`None_` is `None`); a value without one as its decimal text."""
    member = enum._value2member_map_.get(value)
    return str(value) if member is None else member.name.rstrip("_")


def value_named(enum: type[IntEnum], text: str) -> int | None:
    """The value whose name is exactly `text` (case-sensitive), or None."""
    for member in enum:
        if member.name.rstrip("_") == text:
            return int(member)
    return None


def def_cat_name(category: int) -> str:
    return name_of(DefCat, category)


def def_cat_named(text: str) -> int | None:
    return value_named(DefCat, text)
