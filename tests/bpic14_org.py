"""The shared BPIC14 export (HP Service Manager, Rabobank ICT) as a GD would load it: a small
reference workbook first, then the incidents and interactions through the `hpsm` profile's
columns plus the organisation's mapping (issue 10, item 7).

The export names no client, directorate or product; what it has is the affected service
component (`Service Component WBS (aff)`). The mapping a GD would write for it:
- the service component is the product (the eight busiest components are in the catalogue,
  under the codes the export uses, with the directorate that delivers them);
- the directorate comes from the same component, by the profile's value map;
- every ticket is the one client's (the export is one organisation's own service desk): a
  default client, which has a DVA on the busiest component.
Norms: the default norms per priority (Standaardnormen) and the DVA line's own norm.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from gdmetrics.db import connect
from gdmetrics.importing import ImportResult, import_bytes
from gdmetrics.importing.profiles import SHIPPED_DIR
from gdmetrics.reference import import_reference
from gdmetrics.reference.workbook import write_workbook

# ../shared/data beside the checkout; GD_SHARED_DATA points elsewhere (a worktree one level deeper)
SHARED_DATA = Path(
    os.environ.get("GD_SHARED_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
)
BPIC14 = SHARED_DATA / "bpic14"
CLIENT = "RABO"
DVA_PRODUCT = "WBS000073"
# The eight busiest service components and the directorate that delivers each.
COMPONENTS = {
    "WBS000073": "ICT",
    "WBS000091": "ICT",
    "WBS000072": "ICT",
    "WBS000263": "FAZ",
    "WBS000271": "FAZ",
    "WBS000095": "CI",
    "WBS000318": "CI",
    "WBS000152": "CI",
}
D = dt.date


def available() -> bool:
    return (BPIC14 / "detail_incident.zip").is_file() and (BPIC14 / "detail_interaction.zip").is_file()


def member(name: str) -> bytes:
    with zipfile.ZipFile(BPIC14 / f"detail_{name}.zip") as archive:
        return archive.read(f"Detail {name.title()}.csv")


def profile_text() -> str:
    """The shipped hpsm profile with the organisation's mapping added."""
    text = (SHIPPED_DIR / "hpsm.toml").read_text(encoding="utf-8")
    text = text.replace(
        'reassignment_count = "# Reassignments"\n',
        'reassignment_count = "# Reassignments"\n'
        'directorate = "Service Component WBS (aff)"\n'
        'product = "Service Component WBS (aff)"\n',
    )
    text = text.replace(
        '[ticket.defaults]\nchannel = "onbekend"\n',
        f'[ticket.defaults]\nchannel = "onbekend"\nclient = "{CLIENT}"\n',
        1,
    )
    values = "".join(f'"{component}" = "{code}"\n' for component, code in COMPONENTS.items())
    return text + "\n[ticket.values.directorate]\n" + values


def workbook() -> bytes:
    """Three directorates, one client with its accountmanager, the eight components as products,
    the default norms, a mantel with two standards, one DVA with one line."""
    names = {"ICT": "ICT", "FAZ": "Facilitaire Zaken", "CI": "Communicatie en Informatie"}
    return write_workbook(
        {
            "Directies GD": [
                {"code": code, "name": name, "name_en": name, "kind": "backoffice"}
                for code, name in names.items()
            ],
            "Accountmanagers": [{"id": "AM1", "name": "Anna de Vries", "email": "anna@example.nl"}],
            "Klanten": [{"code": CLIENT, "name": "Rabobank", "kind": "derde", "accountmanager_id": "AM1"}],
            "Producten": [
                {
                    "code": component,
                    "name": f"Servicecomponent {component}",
                    "name_en": f"Service component {component}",
                    "directorate_code": code,
                    "topic": "ICT",
                    "demand_level": "operationeel",
                    "financing": "basis",
                    "is_24_7": False,
                }
                for component, code in COMPONENTS.items()
            ],
            "Standaardnormen": [
                {"priority": p, "response_norm_hours": r, "resolution_norm_hours": v}
                for p, r, v in ((1, 1, 4), (2, 2, 8), (3, 4, 16), (4, 8, 40), (5, 16, 80))
            ],
            "Mantel": [
                {
                    "id": "MO-1",
                    "name": "Mantel 2012-2014",
                    "valid_from": D(2012, 1, 1),
                    "valid_to": D(2015, 1, 1),
                }
            ],
            "Mantelnormen": [
                {
                    "mantel_id": "MO-1",
                    "code": "MS-01",
                    "name": "Oplossing binnen norm",
                    "name_en": "Resolution within norm",
                    "figure_id": "resolution_within_norm",
                    "target": 0.9,
                },
                {
                    "mantel_id": "MO-1",
                    "code": "MS-02",
                    "name": "Reactie binnen norm",
                    "name_en": "Response within norm",
                    "figure_id": "response_within_norm",
                    "target": 0.9,
                },
            ],
            "DVA's": [
                {
                    "id": "DVA-RABO",
                    "client_code": CLIENT,
                    "kind": "derden",
                    "mantel_id": "MO-1",
                    "valid_from": D(2012, 1, 1),
                    "valid_to": D(2015, 1, 1),
                }
            ],
            "DVA-regels": [
                {
                    "dva_id": "DVA-RABO",
                    "line_no": 1,
                    "product_code": DVA_PRODUCT,
                    "response_norm_hours": 8.0,
                    "resolution_norm_hours": 40.0,
                    "target_share": 0.9,
                }
            ],
        }
    )


@dataclass
class Loaded:
    path: Path
    incidents: ImportResult
    interactions: ImportResult
    seconds: float  # the two imports, for the printout


def load(folder: Path) -> Loaded:
    """A new database in `folder` with the workbook, then the incidents and the interactions."""
    profile = folder / "bpic14.toml"
    profile.write_text(profile_text(), encoding="utf-8")
    path = folder / "bpic14.duckdb"
    con = connect(path)
    try:
        import_reference(con, workbook(), "bpic14-organisatie.xlsx", "test")
        started = time.perf_counter()
        incidents = import_bytes(con, member("incident"), "Detail Incident.csv", str(profile))
        interactions = import_bytes(con, member("interaction"), "Detail Interaction.csv", str(profile))
        seconds = time.perf_counter() - started
    finally:
        con.close()
    return Loaded(path, incidents, interactions, seconds)
