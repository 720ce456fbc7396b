"""The demo council's register of carers and homes (issue 16 item 3): its own fostering households and connected
carers, agency households, children's homes inside and outside the borough (with their host councils) and
supported accommodation, sized to the council's children in care. The generator places children with them. And its
register of schools (issue 17 item 2): the schools the children attend, each with a made-up URN."""

from __future__ import annotations

import random
from datetime import date

from hearth.care.models import Approval, CareProvider, ProviderKind
from hearth.demo.generation.names import NAMES
from hearth.demo.generation.places import DISTRICTS, OUT_OF_AREA, SCHOOLS, STREETS, random_postcode
from hearth.demo.generation.plan import CouncilPlan
from hearth.education.models import Phase, School

# kind -> (ProviderKind, provider code, approval, capacity range, ages, per looked-after child, share out of area)
SHAPES = {
    "foster": (ProviderKind.FOSTER, "PR1", Approval.FULL, (1, 3), (0, 17), 0.45, 0.0),
    "connected": (ProviderKind.CONNECTED, "PR1", Approval.FULL, (1, 2), (0, 17), 0.08, 0.0),
    "agency": (ProviderKind.AGENCY_FOSTER, "PR4", Approval.FULL, (1, 3), (0, 17), 0.15, 0.3),
    "home": (ProviderKind.CHILDRENS_HOME, "PR4", Approval.NOT_APPLICABLE, (3, 6), (11, 17), 0.03, 0.5),
    "supported": (ProviderKind.SUPPORTED, "PR4", Approval.NOT_APPLICABLE, (4, 8), (16, 17), 0.02, 0.3),
}
Register = dict[
    str, list[tuple[int, str, str, bool, str, str]]
]  # kind -> (id, name, postcode, in area, URN, code)


def _six_digits(number: int) -> str:
    """Ofsted's URNs are six digits (SC and six for a children's home): a national-scale register wraps round."""
    return str(100000 + (number - 100000) % 900000)


def create_register(plan: CouncilPlan) -> Register:
    rng = random.Random(f"{plan.seed}:register")
    surnames = [name for group in NAMES.values() for name in group[4]]
    rows: list[CareProvider] = []
    kinds: list[str] = []
    urn = 100000
    for key, (kind, code, approval, places, ages, share, away_share) in SHAPES.items():
        for number in range(max(2, round(plan.counts["looked_after"] * share))):
            away = rng.random() < away_share
            district, town = rng.choice(OUT_OF_AREA if away else DISTRICTS)
            urn += 1 + rng.randrange(40)
            if kind in (ProviderKind.CHILDRENS_HOME, ProviderKind.SUPPORTED):
                name = f"{rng.choice(STREETS).split()[0]} House {number + 1}"
            else:
                name = f"The {rng.choice(surnames)} household ({key} {number + 1})"
            rows.append(
                CareProvider(
                    name=name,
                    kind=kind,
                    provider_code=code,
                    urn=("SC" if kind == ProviderKind.CHILDRENS_HOME else "") + _six_digits(urn)
                    if kind
                    in (ProviderKind.CHILDRENS_HOME, ProviderKind.SUPPORTED, ProviderKind.AGENCY_FOSTER)
                    else "",
                    postcode=random_postcode(rng, district),
                    in_area=not away,
                    approval=approval,
                    approved_from=date(2015, 4, 1) if approval != Approval.NOT_APPLICABLE else None,
                    capacity=rng.randint(*places),
                    age_from=ages[0],
                    age_to=ages[1],
                    reference=f"DEMO-{key.upper()}-{number + 1:05d}",
                    host_council=f"{town} Council" if away else "",
                    host_council_address=f"Civic Centre\n{town}\n{district} 1AA" if away else "",
                )
            )
            kinds.append(key)
    created = CareProvider.objects.bulk_create(rows, batch_size=2000)
    register: Register = {key: [] for key in SHAPES}
    for key, provider in zip(kinds, created, strict=True):
        register[key].append(
            (
                provider.pk,
                provider.name,
                provider.postcode,
                provider.in_area,
                provider.urn,
                provider.provider_code,
            )
        )
    return register


def _phase(name: str) -> str:
    if "Primary" in name:
        return Phase.PRIMARY
    if "All-Through" in name:
        return Phase.ALL_THROUGH
    if "Special" in name:
        return Phase.SPECIAL
    if "Referral" in name:
        return Phase.ALTERNATIVE
    return Phase.SECONDARY


def create_schools(council: str) -> list[int]:
    """The council's schools (places.SCHOOLS), each once however many demo councils are seeded: their ids in that
    order. URNs are six digits from 990001, a range Get Information About Schools has not used."""
    rng = random.Random("schools")
    ids = []
    for index, name in enumerate(SCHOOLS):
        school, _ = School.objects.get_or_create(
            urn=str(990001 + index),
            defaults={
                "name": name,
                "phase": _phase(name),
                "local_authority": council,
                "postcode": random_postcode(rng, DISTRICTS[index % len(DISTRICTS)][0]),
            },
        )
        ids.append(school.pk)
    return ids
