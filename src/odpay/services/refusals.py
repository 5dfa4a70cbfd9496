"""Every refusal a use case gives, declared once in Open Dental's words, grouped by resource
and use case in the order of their spec's validation lists.

A use case imports the refusals it raises (`raise NO_SPLITS.error()`); its route documents the
use case's `..._REFUSALS` tuple, so /openapi.json lists each text exactly as it is sent. Texts
are Open Dental's unless a comment says odpay wording.
"""

from odpay.domain.enums import PatientStatus
from odpay.services.errors import (
    NamedRow,
    Refusal,
    bad_request,
    field_invalid,
    field_not_supported,
    field_too_long,
    not_found,
)

# Rows a request names by their ID: "X ID is required." (400) and "X not found." (404).
PATIENT = NamedRow(bad_request("Patient ID is required."), not_found("Patient not found."))
PAYMENT = NamedRow(bad_request("Payment ID is required."), not_found("Payment not found."))
PAYSPLIT = NamedRow(bad_request("PaySplit ID is required."), not_found("PaySplit not found."))
PAYPLAN = NamedRow(bad_request("PayPlanNum is required."), not_found("PayPlan not found."))
PROCEDURE = NamedRow(bad_request("Procedure ID is required."), not_found("Procedure not found."))
CLAIMPROC = NamedRow(bad_request("ClaimProc ID is required."), not_found("ClaimProc not found."))
ADJUSTMENT = NamedRow(bad_request("Adjustment ID is required."), not_found("Adjustment not found."))
PROVIDER = NamedRow(bad_request("Provider ID is required."), not_found("Provider not found."))
PROCEDURE_CODE = NamedRow(
    bad_request("ProcedureCode ID is required."), not_found("ProcedureCode not found.")
)

# The patient a request names (services/patient_checks.py refuses through these).
PATIENT_NOT_FOUND = PATIENT.not_found
PATIENT_DELETED = bad_request("Patient has been deleted.")
PATIENT_REFUSALS = (PATIENT_NOT_FOUND, PATIENT_DELETED)
PATNUM_REQUIRED = bad_request("PatNum is required.")

# Shared by several resources.
FIELD_REQUIRED = bad_request("{name} is required.")  # a field a write needs and the body left out
FIELD_BLANK = bad_request("{name} cannot be blank.")  # a PUT's text field a row cannot lack
PAY_DATE_INVALID = bad_request("PayDate is invalid")  # Open Dental's text has no final period
PROC_NUM_REQUIRED = bad_request("ProcNum is required.")  # Partial's items, ClaimProcs' POST
PAYPLAN_IS_CLOSED = bad_request("PayPlan is closed.")  # POST /payments, PUT PayPlans Dynamic
PROV_NUM_INVALID = field_invalid("ProvNum")  # Adjustments, PUT /paysplits
PROCEDURE_INVALID = field_invalid("ProcNum")  # no such procedure: Adjustments, ClaimProcs POST
# Open Dental's text (Providers GET), without a final period; every DateTStamp query.
DATE_T_STAMP_INVALID = bad_request("DateTStamp format must be yyyy-MM-dd HH:mm:ss")

# Any field of a body or query, by its own name (`Gender is invalid.`, `Email is too long.`):
# what the readers of services/field_readers.py send, documented as templates.
ANY_FIELD_REQUIRED = FIELD_REQUIRED.filled(name="{Field}")
ANY_FIELD_INVALID = field_invalid("{Field}")
ANY_FIELD_TOO_LONG = field_too_long("{Field}")
ANY_FIELD_NOT_SUPPORTED = field_not_supported("{Field}")

# GET /payments, payments.md §2.
PATIENT_STATUS_REFUSALS: dict[int, Refusal] = {
    PatientStatus.Deleted: PATIENT_DELETED,
    PatientStatus.Archived: bad_request("Patient has been archived."),
    PatientStatus.Deceased: bad_request("Patient is deceased."),
}
PAY_TYPE_INVALID = bad_request(  # also PUT /payments
    "PayType is invalid. Must be a definition.DefNum where definition.Category=10."
)
DATE_ENTRY_INVALID = bad_request("DateEntry format must be yyyy-MM-dd")
LIST_PAYMENTS_REFUSALS = (
    PATIENT_NOT_FOUND, *PATIENT_STATUS_REFUSALS.values(), PAY_TYPE_INVALID, DATE_ENTRY_INVALID,
)  # fmt: skip

# POST /payments, payments.md §3.2, in its order (the route adds the body's, the key's and the
# Idempotency-Key's). Its PayType texts name the column, DefNum.
DEF_NUM_INVALID = bad_request(
    "DefNum is invalid. Must be a definition.DefNum where definition.Category=10."
)
DEF_NUM_HIDDEN = bad_request("DefNum is hidden.")
PAY_AMT_REQUIRED = bad_request("PayAmt is required.")
PAY_AMT_INVALID = field_invalid("PayAmt")
PAY_AMT_ZERO = bad_request("PayAmt cannot be zero.")
FUTURE_PAYMENT = bad_request("This office does not support future payments.")
CHECK_NUM_TOO_LONG = field_too_long("CheckNum")
BANK_BRANCH_TOO_LONG = field_too_long("BankBranch")
PAY_NOTE_TOO_LONG = field_too_long("PayNote")
CLINIC_NUM_INVALID = field_invalid("ClinicNum")
PATIENT_PREFERRED_INVALID = field_invalid("isPatientPreferred")
PREPAYMENT_INVALID = field_invalid("isPrepayment")
INSURANCE_PLAN = bad_request("PlanNum is for an Insurance Payment Plan.")
PREPAYMENT_NOT_DYNAMIC = bad_request("Prepayments can only be made for Dynamic Payment Plans.")
PROC_NUM_INVALID = bad_request("ProcNum {ProcNum} is invalid.")
CREATE_PAYMENT_REFUSALS = (
    DEF_NUM_INVALID, DEF_NUM_HIDDEN, PATNUM_REQUIRED, *PATIENT_REFUSALS, PAY_AMT_REQUIRED,
    PAY_AMT_INVALID, PAY_AMT_ZERO, PAY_DATE_INVALID, FUTURE_PAYMENT, CHECK_NUM_TOO_LONG,
    PAY_NOTE_TOO_LONG, BANK_BRANCH_TOO_LONG, CLINIC_NUM_INVALID, PATIENT_PREFERRED_INVALID,
    PREPAYMENT_INVALID, PAYPLAN.not_found, INSURANCE_PLAN, PAYPLAN_IS_CLOSED,
    PREPAYMENT_NOT_DYNAMIC, PROC_NUM_INVALID,
)  # fmt: skip

# POST /payments/Refund, payments.md §4, in its order (the route adds the key's).
PAY_NUM_REQUIRED = bad_request("PayNum is required.")
NO_SPLITS = bad_request("Cannot refund a payment that has no paysplits.")
NEGATIVE_SPLITS = bad_request("Cannot refund payments that have negative splits.")
ON_PAYMENT_PLAN = bad_request("Cannot refund payments attached to payment plans.")
SPLITS_NOT_PAY_AMT = bad_request("Payment amount does not match the sum of its paysplits.")
ALREADY_REFUNDED = bad_request("Payment has already been refunded.")
REFUND_PAYMENT_REFUSALS = (
    PAY_NUM_REQUIRED, PAYMENT.not_found, *PATIENT_REFUSALS, NO_SPLITS, NEGATIVE_SPLITS,
    ON_PAYMENT_PLAN, SPLITS_NOT_PAY_AMT, ALREADY_REFUNDED,
)  # fmt: skip

# PUT /payments/{PayNum}, payments.md §5, in its order (the route adds the body's and the key's).
INCOME_TRANSFER = bad_request("PayType cannot be updated for an Income Transfer.")
PAY_TYPE_ZERO = bad_request("PayType cannot be 0.")
PAY_TYPE_HIDDEN = bad_request("PayType is hidden.")
TEXT_TOO_LONG = {
    "CheckNum": CHECK_NUM_TOO_LONG, "BankBranch": BANK_BRANCH_TOO_LONG, "PayNote": PAY_NOTE_TOO_LONG
}  # fmt: skip
PROCESS_STATUS_INVALID = field_invalid("ProcessStatus")
TO_OFFICE_PROCESSED = bad_request("Cannot change ProcessStatus to OfficeProcessed.")
FROM_OFFICE_PROCESSED = bad_request("Cannot change ProcessStatus from OfficeProcessed.")
FUTURE_DATE = bad_request("Payment Date must not be a future date.")
DATE_INVALID = bad_request("Invalid Payment Date")  # Open Dental's text has no final period
UPDATE_PAYMENT_REFUSALS = (
    *PAYMENT.refusals, PATIENT_DELETED, INCOME_TRANSFER, PAY_TYPE_ZERO,
    PAY_TYPE_INVALID, PAY_TYPE_HIDDEN, *TEXT_TOO_LONG.values(), PROCESS_STATUS_INVALID,
    TO_OFFICE_PROCESSED, FROM_OFFICE_PROCESSED, FUTURE_DATE, DATE_INVALID,
)  # fmt: skip

# PUT /payments/{PayNum}/Partial, payments.md §6, in its order (the route adds the key's).
# {Field} is ProcNum or PayPlanChargeNum, {Num} the number the body gave.
BODY_INVALID = bad_request("Invalid JSON.")
NOTHING_TO_PAY = bad_request("procNumsAndAmounts or payPlanChargeNumsAndAmounts is required.")
REFUNDED = bad_request("Cannot change the paysplits of a payment that has been refunded.")
SUM_NOT_PAY_AMT = bad_request("The sum of all Amounts must equal the PayAmt of the payment.")
CHARGE_NUM_REQUIRED = bad_request("PayPlanChargeNum is required.")
ITEM_INVALID = bad_request("{Field} {Num} is invalid.")
NOT_DYNAMIC = bad_request("PayPlanChargeNum {Num} is not for a Dynamic Payment Plan.")
NOT_FAMILY = bad_request("{Field} {Num} is not for the patient or a family member.")
LISTED_TWICE = bad_request("{Field} {Num} is listed more than once.")
AMOUNT_REQUIRED = bad_request("Amount is required for {Field} {Num}.")
AMOUNT_NOT_POSITIVE = bad_request("Amount for {Field} {Num} must be greater than 0.")
NOTHING_OWED = bad_request("{Field} {Num} does not have an outstanding charge.")
MORE_THAN_OWED = bad_request(
    "Amount for {Field} {Num} is more than its outstanding charge of {Owed}."
)
PARTIAL_PAYMENT_REFUSALS = (
    *PAYMENT.refusals, *PATIENT_REFUSALS, BODY_INVALID, NOTHING_TO_PAY,
    REFUNDED, SUM_NOT_PAY_AMT, PROC_NUM_REQUIRED, CHARGE_NUM_REQUIRED, ITEM_INVALID,
    NOT_DYNAMIC, NOT_FAMILY, LISTED_TWICE, AMOUNT_REQUIRED, AMOUNT_NOT_POSITIVE, NOTHING_OWED,
    MORE_THAN_OWED,
)  # fmt: skip

# PUT /paysplits/{SplitNum}: a split attached to a charge keeps that charge's provider and
# clinic (odpay wording; docs/decisions.md, "PUT /paysplits on an attached split").
PROV_NUM_ATTACHED = bad_request(
    "ProvNum cannot be changed: the paysplit is attached to a charge of another provider."
)
CLINIC_NUM_ATTACHED = bad_request(
    "ClinicNum cannot be changed: the paysplit is attached to a charge of another clinic."
)

# PayPlans: a plan's terms, checked by POST and PUT Dynamic (services/payplans/payplan_terms.py).
GUARANTOR_NOT_FOUND = not_found("Guarantor not found.")
GUARANTOR_HAS_BEEN_DELETED = bad_request("Guarantor has been deleted.")
PAY_AMT_NEVER_PAYS_OFF = bad_request("PayAmt is too small: the plan would never be paid off.")
PLAN_CATEGORY_INVALID = bad_request(
    "PlanCategory is invalid. Must be a definition.DefNum where definition.Category=47."
)
PAY_AMT_AND_COUNT_BOTH_GIVEN = bad_request("PayAmt and NumberOfPayments cannot both be supplied.")
PAY_AMT_OR_COUNT_REQUIRED = bad_request("PayAmt or NumberOfPayments is required.")
PAY_AMT_NOT_POSITIVE = bad_request("PayAmt must be greater than 0.")
PAYMENT_COUNT_NOT_POSITIVE = bad_request("NumberOfPayments must be greater than 0.")
PAYPLAN_TERMS_REFUSALS = (
    GUARANTOR_NOT_FOUND, GUARANTOR_HAS_BEEN_DELETED, PAY_AMT_NEVER_PAYS_OFF,
    PLAN_CATEGORY_INVALID, PAY_AMT_AND_COUNT_BOTH_GIVEN, PAY_AMT_OR_COUNT_REQUIRED,
    PAY_AMT_NOT_POSITIVE, PAYMENT_COUNT_NOT_POSITIVE,
)  # fmt: skip

# PayPlans: the body's fields, read by POST and PUT Dynamic (services/payplans/payplan_inputs.py).
FIELD_INVALID = field_invalid("{field}")
PAY_PLAN_DATE_FUTURE = bad_request("PayPlanDate cannot be a future date.")
CHARGE_FREQUENCY_INVALID = bad_request(
    'ChargeFrequency is invalid. Use "Weekly", "EveryOtherWeek", "OrdinalWeekday", "Monthly" or "Quarterly".'
)
TP_OPTION_INVALID = bad_request(
    'DynamicPayPlanTPOption is invalid. Use "AwaitComplete" or "TreatAsComplete".'
)
PAYPLAN_INPUT_REFUSALS = (
    FIELD_INVALID, PAY_PLAN_DATE_FUTURE, CHARGE_FREQUENCY_INVALID, TP_OPTION_INVALID,
)  # fmt: skip

# GET /payplans (the route adds the key's).
PATNUM_OR_GUARANTOR_REQUIRED = bad_request("PatNum or Guarantor is required.")
LIST_PAYPLANS_REFUSALS = (PATNUM_OR_GUARANTOR_REQUIRED, PATIENT_NOT_FOUND, GUARANTOR_NOT_FOUND)

# POST /payplans/Dynamic (with the terms' and the inputs' refusals).
ITEM_OTHER_PATIENT = bad_request("{name} does not belong to PatNum {pat_num}.")
ALREADY_ON_PLAN = bad_request("{name} {num} is already attached to a payment plan.")
NO_BALANCE_LEFT = bad_request("{name} {num} has no balance left to put on a payment plan.")
PROCS_OR_ADJS_REQUIRED = bad_request("procNums or adjNums is required.")
DOWNPAYMENT_IS_INVALID = bad_request("DownPayment is invalid.")
APR_NOT_LOCKED = bad_request("IsLocked must be true when APR is greater than 0.")
DOWN_PAYMENT_OVER_PRINCIPAL = bad_request("DownPayment cannot be more than the total principal.")
PROCNUM_IS_INVALID = bad_request("ProcNum {num} is invalid.")
PROC_NOT_C_OR_TP = bad_request("ProcNum {num} must be complete or treatment planned.")
ADJNUM_IS_INVALID = bad_request("AdjNum {num} is invalid.")
ADJ_ON_PROCEDURE = bad_request("AdjNum {num} is attached to a procedure.")
ADJ_NOT_POSITIVE = bad_request("AdjNum {num} must be a positive adjustment.")
CREATE_PAYPLAN_REFUSALS = (
    PATNUM_REQUIRED, ITEM_OTHER_PATIENT, ALREADY_ON_PLAN, NO_BALANCE_LEFT, PROCS_OR_ADJS_REQUIRED,
    DOWNPAYMENT_IS_INVALID, APR_NOT_LOCKED, DOWN_PAYMENT_OVER_PRINCIPAL, PROCNUM_IS_INVALID,
    PROC_NOT_C_OR_TP, ADJNUM_IS_INVALID, ADJ_ON_PROCEDURE, ADJ_NOT_POSITIVE,
)  # fmt: skip

# PUT /payplans/{PayPlanNum}/Dynamic (with the terms' and the inputs' refusals).
PLAN_NOT_DYNAMIC = bad_request("PayPlan is not a dynamic payment plan.")
PLAN_LOCKED = bad_request("PayPlan is locked and cannot be edited.")
SHEETS_DISABLED = bad_request(
    "SheetDefNum is only allowed when the PayPlansUseSheets preference is enabled."
)
GUARANTOR_AFTER_CHARGES = bad_request(
    "Guarantor cannot be changed because the plan has charges or payments."
)
START_DATE_AFTER_CHARGES = bad_request(
    "DatePayPlanStart cannot be changed because the plan has charges."
)
INTEREST_START_WITHOUT_APR = bad_request(
    "DateInterestStart is only allowed when APR is greater than 0."
)
UPDATE_PAYPLAN_REFUSALS = (
    PAYPLAN.id_required, PLAN_NOT_DYNAMIC, PAYPLAN_IS_CLOSED, PLAN_LOCKED, SHEETS_DISABLED,
    GUARANTOR_AFTER_CHARGES, START_DATE_AFTER_CHARGES, INTEREST_START_WITHOUT_APR,
)  # fmt: skip

# PUT /payplans/{PayPlanNum}/Close.
CLOSING_INSURANCE_PLAN = bad_request("Insurance payment plans cannot be closed.")
PAYPLAN_IS_ALREADY_CLOSED = bad_request("PayPlan is already closed.")
CLOSE_PAYPLAN_REFUSALS = (PAYPLAN.id_required, CLOSING_INSURANCE_PLAN, PAYPLAN_IS_ALREADY_CLOSED)

# Patients POST and PUT (odpay wording).
GUARANTOR_NOT_FAMILY_HEAD = bad_request("Guarantor must be the head of a family.")
HEAD_HAS_MEMBERS = bad_request(
    "Guarantor cannot be changed for the head of a family with other members."
)
DUPLICATE_PATIENT = bad_request(
    "Patient already exists with the same LName, FName, Birthdate, and Email or phone number."
)
GUARANTOR_TO_OTHER_MEMBER = bad_request("Guarantor cannot be updated to a different family member.")
GUARANTOR_AND_SUPER_FAMILY = bad_request(
    "Only Guarantor or SuperFamily can be set in a single request."
)
URG_NOTE_NOT_GUARANTOR = bad_request("FamFinUrgNote can only be set for a guarantor.")
CHARTNUMBER_IS_TOO_LONG = field_too_long("ChartNumber")
PATIENT_WRITE_REFUSALS = (
    PATIENT.id_required, GUARANTOR_NOT_FAMILY_HEAD, HEAD_HAS_MEMBERS, DUPLICATE_PATIENT,
    GUARANTOR_TO_OTHER_MEMBER, FIELD_REQUIRED, FIELD_BLANK, GUARANTOR_AND_SUPER_FAMILY,
    URG_NOTE_NOT_GUARANTOR, CHARTNUMBER_IS_TOO_LONG,
)  # fmt: skip

# ProcedureLogs POST and PUT (odpay wording, but the future-date text, which is Open Dental's).
CODE_REQUIRED = bad_request("CodeNum or procCode is required.")
PROC_FEE_REQUIRED = bad_request("ProcFee is required because odpay holds no fee schedules.")
NOT_PROSTHESIS = bad_request("{name} cannot be set for a procedure code that is not a prosthesis.")
COMPLETE_IN_FUTURE = bad_request("Completed procedures cannot be set for future dates.")
PROCEDURE_HAS_BEEN_DELETED = bad_request("Procedure has been deleted.")
TREATMENT_AREA_CHANGED = bad_request(
    "{name} must have the same treatment area as the current code."
)
LOCKED_WHEN_COMPLETE = bad_request(
    "{name} cannot be updated for a procedure with a ProcStatus of C."
)
PROC_STATUS_HAS_PAYMENTS = bad_request(
    "ProcStatus cannot be changed for a completed procedure with payments."
)
FIELDS_BOTH_GIVEN = bad_request("{name} and {p1} cannot both be given.")
PROCEDURE_WRITE_REFUSALS = (
    PROCEDURE.id_required, FIELDS_BOTH_GIVEN, FIELD_REQUIRED, CODE_REQUIRED, PROC_FEE_REQUIRED,
    NOT_PROSTHESIS, COMPLETE_IN_FUTURE, PATNUM_REQUIRED, PROCEDURE_HAS_BEEN_DELETED,
    TREATMENT_AREA_CHANGED, LOCKED_WHEN_COMPLETE, PROC_STATUS_HAS_PAYMENTS,
)  # fmt: skip

# ProcedureLogs: a procedure's tooth, surfaces and range against its code's treatment area.
AREA_NOT_ALLOWED = bad_request("{field} cannot be set for this procedure code.")
AREA_REQUIRED = bad_request("{field} is required for this procedure code.")
TREATMENT_AREA_INVALID = {
    field: field_invalid(field) for field in ("ToothNum", "Surf", "ToothRange")
}
TREATMENT_AREA_REFUSALS = (
    AREA_NOT_ALLOWED, TREATMENT_AREA_INVALID["ToothNum"], AREA_REQUIRED,
    TREATMENT_AREA_INVALID["Surf"], TREATMENT_AREA_INVALID["ToothRange"],
)  # fmt: skip

# ProcedureLogs DELETE.
DELETE_NOT_TP_OR_C = bad_request(
    "Only procedures with a ProcStatus of TP, TPi, or C can be deleted."
)
PROCEDURE_ATTACHED = bad_request("Cannot delete a procedure that is attached to {what}.")
PROCEDURE_DELETE_REFUSALS = (*PROCEDURE.refusals, DELETE_NOT_TP_OR_C, PROCEDURE_ATTACHED)

# ClaimProcs POST and PUT (odpay wording, but the documented refusals of Status and IsTransfer).
ESTIMATE_NOT_TP_OR_C = bad_request(
    "Insurance estimates can only be added to procedures with a ProcStatus of TP, TPi, or C."
)
CLAIMPROC_IS_TRANSFER = bad_request("Cannot update a ClaimProc that has IsTransfer set to true.")
CLAIMPROC_STATUS_LOCKED = bad_request("Cannot update a ClaimProc with a Status of {status}.")
CLAIMPROC_ON_CLAIM = bad_request("ClaimProcs attached to a claim cannot be updated by odpay.")
FIELD_NEEDS_CLAIM = bad_request("{name} can only be set on a ClaimProc attached to a claim.")
STATUS_NOT_ESTIMATE = bad_request("Status can only be Estimate for a ClaimProc without a claim.")
CLAIMPROC_REFUSALS = (
    CLAIMPROC.not_found, PROC_NUM_REQUIRED, CLAIMPROC.id_required, ESTIMATE_NOT_TP_OR_C,
    CLAIMPROC_IS_TRANSFER, CLAIMPROC_STATUS_LOCKED, CLAIMPROC_ON_CLAIM, FIELD_NEEDS_CLAIM,
    STATUS_NOT_ESTIMATE,
)  # fmt: skip

# ClaimProcs: the documented instances of the templates above.
CLAIMPROC_RECEIVED = CLAIMPROC_STATUS_LOCKED.filled(status="Received")
CLAIMPROC_ESTIMATE_REFUSALS = (
    STATUS_NOT_ESTIMATE, FIELD_NEEDS_CLAIM.filled(name="InsPayAmt"),
    field_invalid("InsEstTotalOverride"), field_invalid("PercentOverride"),
)  # fmt: skip
LIST_CLAIMPROCS_REFUSALS = (field_invalid("Status"),)

# Adjustments GET, POST and PUT (odpay wording; Open Dental's page "API Adjustments").
ADJ_TYPE_INVALID = field_invalid("AdjType")
ADJ_AMT_NOT_POSITIVE = bad_request("AdjAmt must be positive for this AdjType.")
ADJ_AMT_NOT_NEGATIVE = bad_request("AdjAmt must be negative for this AdjType.")
ADJ_DATE_FUTURE = bad_request("AdjDate cannot be a future date.")
PROC_NUM_OTHER_PATIENT = bad_request("ProcNum is not for this patient.")
ADJUSTMENT_RULES = (
    ADJ_TYPE_INVALID, ADJ_AMT_NOT_POSITIVE, ADJ_AMT_NOT_NEGATIVE, ADJ_DATE_FUTURE,
    PROV_NUM_INVALID, PROC_NUM_OTHER_PATIENT,
)  # fmt: skip
ADJ_TYPE_REQUIRED = FIELD_REQUIRED.filled(name="AdjType")

# Definitions POST (odpay wording).
ITEM_NAME_REQUIRED = FIELD_REQUIRED.filled(name="ItemName")
CATEGORY_REQUIRED = FIELD_REQUIRED.filled(name="category")
CATEGORY_INVALID = field_invalid("category")
ADJ_TYPE_SIGN_REQUIRED = bad_request('ItemValue must be "+" or "-" for AdjTypes.')
CREATE_DEFINITION_REFUSALS = (
    ITEM_NAME_REQUIRED, CATEGORY_REQUIRED, CATEGORY_INVALID, ADJ_TYPE_SIGN_REQUIRED,
    field_invalid("isHidden"),
)  # fmt: skip

# GET /families/{PatNum}/ledger (odpay extension and wording).
NOT_WHOLE_NUMBER = bad_request("{name} must be a whole number of 0 or more.")
LEDGER_LIMIT_OUT_OF_RANGE = bad_request("limit must be between 1 and {max_limit}.")
LEDGER_PAGE_REFUSALS = (
    NOT_WHOLE_NUMBER.filled(name="offset"),
    NOT_WHOLE_NUMBER.filled(name="limit"),
)

# Patients GET (odpay wording): a filter by its own name (`clinicNums is invalid.`).
LIST_PATIENTS_REFUSALS = (
    field_invalid("Birthdate"), field_not_supported("SubscriberId"), ANY_FIELD_INVALID,
)  # fmt: skip

# Patients POST and PUT: the body's fields, by their own names.
GUARANTOR_INVALID = field_invalid("Guarantor")
PATIENT_FIELD_REFUSALS = (
    FIELD_REQUIRED.filled(name="LName"), field_invalid("PatStatus"), GUARANTOR_INVALID,
    GUARANTOR_NOT_FAMILY_HEAD, GUARANTOR_AND_SUPER_FAMILY, URG_NOTE_NOT_GUARANTOR,
    field_not_supported("FeeSched"), ANY_FIELD_INVALID, ANY_FIELD_TOO_LONG,
    ANY_FIELD_NOT_SUPPORTED,
)  # fmt: skip
UPDATE_PATIENT_REFUSALS = (FIELD_BLANK.filled(name="LName"), GUARANTOR_TO_OTHER_MEMBER)

# PUT /paysplits/{SplitNum} (odpay wording).
UNEARNED_PROV_NUM = bad_request("ProvNum cannot be changed for a paysplit with an UnearnedType.")
UPDATE_PAYSPLIT_REFUSALS = (PROV_NUM_INVALID, UNEARNED_PROV_NUM, CLINIC_NUM_INVALID)

# ProcedureCodes POST and PUT (odpay wording).
PROC_CODE_EXISTS = bad_request("ProcCode already exists.")
PROC_CATS_BOTH_GIVEN = FIELDS_BOTH_GIVEN.filled(name="ProcCat", p1="procCat")
PROC_CAT_INVALID = field_invalid("ProcCat")
PROC_CAT_NAME_INVALID = field_invalid("procCat")
PROC_CAT_REQUIRED = bad_request("ProcCat or procCat is required.")
BASE_UNITS_NEGATIVE = bad_request("BaseUnits cannot be negative.")
DRUG_NDC_INVALID = bad_request("DrugNDC must be 11 digits or blank.")
PAINT_TEXT_NOT_TEXT = bad_request('PaintText can only be set when PaintType is "Text".')
TOOTH_RANGE_NOT_AREA = bad_request(
    'AreaAlsoToothRange can only be true when TreatArea is "Quad" or "Arch".'
)
DIAGNOSTIC_CODES_INVALID = bad_request(
    "DiagnosticCodes must be up to 4 codes separated by commas, no spaces."
)
PROCEDURE_CODE_FIELD_REFUSALS = (
    PROC_CATS_BOTH_GIVEN, PROC_CAT_INVALID, PROC_CAT_NAME_INVALID, field_invalid("ProcTime"),
    field_invalid("TreatArea"), field_invalid("MedicalCode"), field_invalid("PaintType"),
    BASE_UNITS_NEGATIVE, field_invalid("SubstitutionCode"), DRUG_NDC_INVALID,
    field_invalid("ProvNumDefault"), PAINT_TEXT_NOT_TEXT, TOOTH_RANGE_NOT_AREA,
    DIAGNOSTIC_CODES_INVALID,
)  # fmt: skip
CREATE_PROCEDURE_CODE_REFUSALS = (
    FIELD_REQUIRED.filled(name="ProcCode"), PROC_CODE_EXISTS,
    FIELD_REQUIRED.filled(name="Descript"), FIELD_REQUIRED.filled(name="AbbrDesc"),
    PROC_CAT_REQUIRED,
)  # fmt: skip
UPDATE_PROCEDURE_CODE_REFUSALS = (
    FIELD_BLANK.filled(name="Descript"), FIELD_BLANK.filled(name="AbbrDesc"),
)  # fmt: skip

# ProcedureLogs: the documented instances of the templates above.
PROC_STATUS_INVALID = field_invalid("ProcStatus")
CODE_NUM_LOCKED = LOCKED_WHEN_COMPLETE.filled(name="CodeNum")
ATTACHED_TO_PATIENT_PAYMENT = PROCEDURE_ATTACHED.filled(what="a patient payment")

# Providers GET, POST and PUT (Open Dental's page "API Providers"; odpay wording but GET's
# two texts, which have no final period).
CLINIC_NOT_FOUND = not_found("Clinic not found")
LIST_PROVIDERS_REFUSALS = (DATE_T_STAMP_INVALID, CLINIC_NOT_FOUND)
ABBR_REQUIRED = FIELD_REQUIRED.filled(name="Abbr")
ABBR_BLANK = FIELD_BLANK.filled(name="Abbr")
ABBR_IN_USE = bad_request("Abbr is already in use by another provider.")
SSN_HAS_DASHES = bad_request("SSN cannot contain dashes.")
SPECIALTY_INVALID = field_invalid("Specialty")
NOT_PERSON_NAMED = bad_request("FName and MI must be omitted when IsNotPerson is true.")
PROVIDER_FIELD_REFUSALS = (ABBR_IN_USE, SSN_HAS_DASHES, SPECIALTY_INVALID)
