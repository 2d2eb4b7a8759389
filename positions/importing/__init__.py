"""CSV and XLSX imports of employees, positions and competency results (pemetaan kompetensi).

Imports are set-based: what the rows touch is read in a few queries, every row is checked in
memory with the services' own rules (NIP, rank order, one definitive position, JA/JF, formasi)
against the database and the rows before it, and the writes are bulk inserts and updates in
one transaction, made only when no row failed (all-or-nothing). The preview runs the same
checks, so it reports exactly what the import would do.
"""

from .competencies import import_competencies
from .employees import import_employees
from .jobs import IMPORTERS, UPLOAD_URLS
from .positions import import_positions
from .reading import ImportReport, RowResult, read_dataset

__all__ = [
    "IMPORTERS",
    "UPLOAD_URLS",
    "ImportReport",
    "RowResult",
    "import_competencies",
    "import_employees",
    "import_positions",
    "read_dataset",
]
