"""Typed, read-only views over an assessment.json dictionary, for the report and the GUI.

    doc = AssessmentDoc(assessment)
    doc.side("after").membership["lira"].auc     # None when absent or null
    doc.after.utility.accuracy, doc.release.reidentification.highest_risk

Every view is a read-only Mapping over its part of the document (so helpers that take a
dictionary still accept it); an absent, null or non-dictionary section reads as an empty view,
and an absent or null figure as None, exactly like ``core.report.access.get``. Each accessor
names its JSON key; ``tests/core/report/test_views.py`` checks every path against
``resources/schema/assessment.schema.json``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from core import methods

V = TypeVar("V", bound="View")
MEMBERSHIP_ORDER = ("threshold", "shadow", "lira", "distance", "domias", "tapas")
ATTRIBUTE_ORDER = ("linkage", "ml", "inversion")


class View(Mapping[str, Any]):
    """A read-only window on one JSON object of the document; empty when it is not one."""

    __slots__ = ("_data",)

    def __init__(self, data: Any = None) -> None:
        self._data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self._data)!r})"

    @property
    def raw(self) -> Mapping[str, Any]:
        return self._data

    @classmethod
    def accessors(cls) -> dict[str, Accessor]:
        """Every typed accessor of this view, by attribute name (for the schema test)."""
        found: dict[str, Accessor] = {}
        for klass in reversed(cls.__mro__):
            found.update({k: v for k, v in vars(klass).items() if isinstance(v, Accessor)})
        return found


class Accessor:
    """A descriptor reading one key of the view's object."""

    kind: ClassVar[str] = ""

    def __init__(self, key: str) -> None:
        self.key = key

    def read(self, view: View) -> Any:
        return view.raw.get(self.key)


class Field(Accessor):
    """A value (number, text, list…): None when absent or null. ``json`` is the schema type."""

    kind = "field"

    def __init__(self, key: str, json: str | tuple[str, ...] = ()) -> None:
        super().__init__(key)
        self.json = (json,) if isinstance(json, str) else json

    def __get__(self, view: View | None, owner: type) -> Any:
        return self if view is None else self.read(view)


class Sub(Accessor, Generic[V]):
    """A nested object as a view of class ``view`` (empty when absent or null)."""

    kind = "object"

    def __init__(self, key: str, view: type[V]) -> None:
        super().__init__(key)
        self.view = view

    def __get__(self, view: View | None, owner: type) -> Any:
        return self if view is None else self.view(self.read(view))


class Entries(Accessor, Generic[V]):
    """An object of named results (attack → result): known names first in ``order``."""

    kind = "entries"

    def __init__(self, key: str, view: type[V], order: tuple[str, ...] = ()) -> None:
        super().__init__(key)
        self.view, self.order = view, order

    def __get__(self, view: View | None, owner: type) -> Any:
        if view is None:
            return self
        found = self.read(view)
        found = {k: v for k, v in found.items() if isinstance(v, Mapping)} if found else {}
        known = [k for k in self.order if k in found]
        names = [*known, *sorted(set(found) - set(known))]
        return {k: self.view(found[k]) for k in names}


class Items(Accessor, Generic[V]):
    """An array of objects (the sweep's points) as views; anything else in it is left out."""

    kind = "items"

    def __init__(self, key: str, view: type[V]) -> None:
        super().__init__(key)
        self.view = view

    def __get__(self, view: View | None, owner: type) -> Any:
        if view is None:
            return self
        found = self.read(view)
        return [self.view(p) for p in found or () if isinstance(p, Mapping)]


NUMBER = ("number", "null")
BUDGET = ("number", "string", "null")  # an infinite ε is written "inf"
TEXT = ("string", "null")


class Histogram(View):
    """Records and groups by group size ("1", "2", "3-4", …, "50+")."""

    labels = Field("labels", "array")
    records = Field("records", "array")
    classes = Field("classes", "array")


class Reidentification(View):
    qis = Field("qis", "array")
    equivalence_classes = Field("equivalence_classes", "integer")
    unique_records = Field("unique_records", "integer")
    unique_fraction = Field("unique_fraction", NUMBER)
    average_risk = Field("average_risk", NUMBER)
    highest_risk = Field("highest_risk", NUMBER)
    records_at_risk = Field("records_at_risk", "object")
    class_size_histogram = Sub("class_size_histogram", Histogram)
    journalist_risk = Field("journalist_risk", ("object", "null"))
    marketer_risk = Field("marketer_risk", NUMBER)


class Utility(View):
    model = Field("model", "string")
    target = Field("target", TEXT)
    accuracy = Field("accuracy", NUMBER)
    balanced_accuracy = Field("balanced_accuracy", NUMBER)
    roc_auc = Field("roc_auc", NUMBER)


class Roc(View):
    """An attack's ROC curve: ≤ 200 points, false-positive against true-positive rates."""

    fpr = Field("fpr", "array")
    tpr = Field("tpr", "array")


class Membership(View):
    auc = Field("auc", NUMBER)
    auc_ci = Field("auc_ci", ("array", "null"))
    advantage = Field("advantage", NUMBER)
    advantage_ci = Field("advantage_ci", ("array", "null"))
    tpr_at_fpr = Field("tpr_at_fpr", ("object", "null"))
    roc = Sub("roc", Roc)
    null_advantage = Field("null_advantage", NUMBER)
    n_members = Field("n_members", ("integer", "null"))
    n_non_members = Field("n_non_members", ("integer", "null"))
    at_risk = Field("at_risk", ("array", "null"))
    warnings = Field("warnings", "array")

    def tpr_at(self, fpr: str) -> Any:
        """The true-positive rate at the false-positive rate ``fpr`` ("0.01"), or None."""
        return View(self.tpr_at_fpr).get(fpr)


class Attribute(View):
    sensitive = Field("sensitive", TEXT)
    success_members = Field("success_members", NUMBER)
    success_control = Field("success_control", NUMBER)
    baseline = Field("baseline", NUMBER)
    risk = Field("risk", NUMBER)
    risk_ci = Field("risk_ci", ("array", "null"))
    n_members = Field("n_members", ("integer", "null"))
    n_control = Field("n_control", ("integer", "null"))
    warnings = Field("warnings", "array")


class Side(View):
    """``before`` or ``after``: the measurements on one table of the rehearsal."""

    reidentification = Sub("reidentification", Reidentification)
    utility = Sub("utility", Utility)
    membership = Entries("membership", Membership, MEMBERSHIP_ORDER)
    attribute = Entries("attribute", Attribute, ATTRIBUTE_ORDER)
    rows = Field("rows", "integer")
    warnings = Field("warnings", "array")

    def family(self, name: str) -> dict[str, View]:
        """The attacks of ``membership`` or ``attribute`` (``attacks(a, side, family)``)."""
        return self.membership if name == "membership" else self.attribute

    def measured(self, family: str) -> bool:
        """True when the section of ``family`` holds anything (``section(a, side, family)``)."""
        return bool(View(self.raw.get(family)))


class Protection(View):
    """What a protection run did (``ProtectionResult.to_dict()``)."""

    method = Field("method", "string")
    transformation = Field("transformation", ("object", "null"))
    rows_in = Field("rows_in", "integer")
    suppressed_records = Field("suppressed_records", ("integer", "null"))
    epsilon_spent = Field("epsilon_spent", BUDGET)
    seed = Field("seed", ("integer", "null"))
    warnings = Field("warnings", "array")


class SweepPoint(View):
    """One setting tried by the privacy–utility sweep."""

    method = Field("method", "string")
    k = Field("k", ("integer", "null"))
    epsilon = Field("epsilon", BUDGET)
    advantage = Field("advantage", NUMBER)
    accuracy = Field("accuracy", NUMBER)
    label = Field("label", "string")


class Dataset(View):
    name = Field("name", "string")
    rows = Field("rows", "integer")
    columns = Field("columns", "integer")
    sha256 = Field("sha256", "string")
    synthetic = Field("synthetic", "boolean")


class Uniqueness(View):
    """A kept column that makes records unique, and what would help."""

    column = Field("column", "string")
    unique_without = Field("unique_without", "number")
    unique_with = Field("unique_with", "number")
    alone = Field("alone", "number")
    added = Field("added", "number")
    action = Field("action", "string")


class Release(View):
    """The released table: its own figures in a document of ``veil-cli run`` / the export."""

    name = Field("name", "string")
    rows = Field("rows", "integer")
    columns = Field("columns", "integer")
    sha256 = Field("sha256", "string")
    protection = Sub("protection", Protection)
    reidentification = Sub("reidentification", Reidentification)
    input_reidentification = Sub("input_reidentification", Reidentification)
    uniqueness = Items("uniqueness", Uniqueness)
    confirmed_risks = Field("confirmed_risks", "array")


class RehearsalRelease(View):
    rows = Field("rows", "integer")
    columns = Field("columns", "integer")


class ProtectionSettings(View):
    method = Field("method", "string")
    k = Field("k", ("integer", "null"))
    epsilon = Field("epsilon", BUDGET)


class AssessmentSettings(View):
    target = Field("target", TEXT)
    sensitive = Field("sensitive", TEXT)
    model = Field("model", "string")
    member_fraction = Field("member_fraction", ("number",))


class Settings(View):
    protection = Sub("protection", ProtectionSettings)
    assessment = Sub("assessment", AssessmentSettings)


class Split(View):
    members = Field("members", "integer")
    non_members = Field("non_members", "integer")
    evaluation_members = Field("evaluation_members", "integer")
    evaluation_non_members = Field("evaluation_non_members", "integer")
    stratified_on = Field("stratified_on", TEXT)
    reference_pool = Field("reference_pool", ("integer", "null"))
    lowest_resolvable_fpr = Field("lowest_resolvable_fpr", NUMBER)


class Provenance(View):
    versions = Field("versions", "object")
    created = Field("created", "string")


class AssessmentDoc(View):
    """The whole assessment.json document."""

    veil_version = Field("veil_version", "string")
    seed = Field("seed", ("integer", "null"))
    dataset = Sub("dataset", Dataset)
    release = Sub("release", Release)
    rehearsal_release = Sub("rehearsal_release", RehearsalRelease)
    roles = Field("roles", "object")
    settings = Sub("settings", Settings)
    protection = Sub("protection", Protection)
    split = Sub("split", Split)
    before = Sub("before", Side)
    after = Sub("after", Side)
    sweep = Items("sweep", SweepPoint)
    warnings = Field("warnings", "array")
    provenance = Sub("provenance", Provenance)

    @classmethod
    def of(cls, assessment: Mapping[str, Any]) -> AssessmentDoc:
        """``assessment`` as a view (itself when it is one already)."""
        return assessment if isinstance(assessment, AssessmentDoc) else cls(assessment)

    def current(self, family: str) -> str:
        """The side the verdict rests on: 'after' when measured, else 'before', else ''."""
        return next((s for s in ("after", "before") if self.side(s).measured(family)), "")

    def sides(self, family: str) -> tuple[str, ...]:
        """Which of 'before'/'after' hold ``family``."""
        return tuple(s for s in ("before", "after") if self.side(s).measured(family))

    def side(self, name: str) -> Side:
        """``before`` or ``after``; an empty view for any other name."""
        return self.before if name == "before" else self.after if name == "after" else Side()

    @property
    def method(self) -> str:
        """The protection method, from the result or else the settings ('none' when unknown)."""
        return str(self.protection.method or self.settings.protection.method or methods.NONE)

    @property
    def method_info(self) -> methods.Method | None:
        """The registry's entry for the method (None for a name this Veil does not know)."""
        return methods.get(self.method)

    @property
    def is_dp(self) -> bool:
        return methods.is_dp(self.method)

    @property
    def generalizes(self) -> bool:
        return methods.generalizes(self.method)

    @property
    def real_release(self) -> Release:
        """The released table's own section (``veil-cli run``, GUI export), else empty."""
        found = self.release
        return found if isinstance(found.raw.get("protection"), Mapping) else Release()

    @property
    def rehearsed(self) -> bool:
        """True when the attacks ran on a rehearsal (part of the records), not the release."""
        return bool(self.real_release)

    @property
    def fresh_noise(self) -> bool:
        """True when a DP release's noise was drawn fresh: only the rehearsal used the seed."""
        return self.is_dp and self.rehearsed and self.real_release.protection.seed is None

    @property
    def applied_protection(self) -> Protection:
        """How the released table was protected: the real release's summary, else the run's."""
        return self.real_release.protection or self.protection
