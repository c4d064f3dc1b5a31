"""The page every sheet prints on: landscape, fitted to the width, its header row repeated,
and a header and footer naming the client, who prepared the plan, the date and the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from openpyxl.worksheet.worksheet import Worksheet


def escape_header(text: str) -> str:
    """Text for a page header or footer, where ``&`` starts a code (cut to length first, so
    no escape is cut in half)."""
    return text.replace("&", "&&")


@dataclass(frozen=True)
class PageInfo:
    """What every printed page carries: the client, who prepared the plan, when, its id."""

    client: str
    author: str
    created: datetime
    plan_id: str

    def apply(self, ws: Worksheet, header_row: int | None) -> None:
        """Landscape, fitted to the page width (as many pages down as it takes), the header row
        repeated on each page, and a header and footer with the client, the preparer, the date
        and page numbers."""
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        ws.page_margins.header = ws.page_margins.footer = 0.3
        if header_row is not None:
            ws.print_title_rows = f"{header_row}:{header_row}"
        who = f"Rotation plan for {self.client[:100]}" if self.client else "Rotation plan"
        by = f"Prepared by {self.author[:80]}, " if self.author else "Prepared "
        ws.oddHeader.left.text = escape_header(who)
        ws.oddHeader.right.text = escape_header(f"{by}{self.created:%Y-%m-%d}")
        ws.oddFooter.left.text = escape_header(f"Plan {self.plan_id[:80]}")
        ws.oddFooter.center.text = "&A - page &P of &N"
