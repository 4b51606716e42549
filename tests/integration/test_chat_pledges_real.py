"""Pledges end to end: signed requests from the local Slack to a real `summitbot serve`, the YAML
written, and the roadmap page on the real MediaWiki showing what is pledged per milestone and
currency.

The containers mini-summit gets a small sponsorship drive (two milestones). Ada pledges in euros
with a hostile note, Serge in dollars, anonymously; Kir, the organiser, confirms Ada's; Serge
cannot confirm his own, nor can someone who calls herself Kir. The wiki page lists the totals,
never Serge's name, and the hostile note as text: no category, no script, no table cell.
"""

from __future__ import annotations

import html as html_module
from decimal import Decimal

from bot.model import PledgeStatus
from tests.fixtures.summit import Summit
from tests.integration.conftest import SummitFactory

DRIVE = """
roadmap:
  - id: checkpoint
    title: Checkpoint/restart upstream
    kind: milestone
    target: 10,000 EUR
    items:
      - title: Freezer cgroup
  - id: netns
    title: Network namespaces
    kind: milestone
    items:
      - title: veth devices
"""
HOSTILE = "[[Category:x]] <script>alert(1)</script> {{!}} <!channel>"


def test_pledges_are_confirmed_by_the_organiser_alone_and_shown_on_the_roadmap_page(
    make_summit: SummitFactory,
) -> None:
    summit: Summit = make_summit(extra_yaml=DRIVE)
    ada = summit.member("U0ADA", "Ada Lovelace", "ada@example.org")
    serge = summit.member("U0SERGE", "Serge Hallyn")
    impostor = summit.member("U0FAKEKIR", "Kir Kolyshkin")  # a name is no proof

    assert ada.says(f"pledge 1.000,50 EUR checkpoint -- {HOSTILE}").startswith(
        "Done: *P1*, your pledge of *1,000.50 EUR* toward *Checkpoint/restart upstream*, is recorded"
    )
    assert serge.says("pledge anonymous $250 network").startswith("Done: *P2*, your pledge of *250 USD* toward")
    assert serge.says("pledge confirm P2").startswith("Only the organisers of *Containers mini-summit 2008* can")
    assert impostor.says("pledge confirm P2").startswith("Only the organisers of *Containers mini-summit 2008* can")
    assert summit.organiser().says("pledge confirm P1") == "Done: *P1* (Ada Lovelace, 1,000.50 EUR) is confirmed."

    agenda = summit.agenda()
    pledges = {p.id: p for m in agenda.roadmap for p in m.pledges}
    assert (pledges["P1"].amount, pledges["P1"].currency, pledges["P1"].status) == (
        Decimal("1000.50"), "EUR", PledgeStatus.CONFIRMED,
    )  # fmt: skip
    assert (pledges["P2"].status, pledges["P2"].anonymous) == (PledgeStatus.PENDING, True)
    assert agenda.person(pledges["P2"].who).chat_id == "U0SERGE"  # the organisers see who it was
    shown = ada.says("milestones")
    assert "(`checkpoint`): 1,000.50 EUR confirmed; target 10,000 EUR" in shown
    assert "(`netns`): 250 USD pending" in shown
    assert "Serge" not in shown

    summit.settled()
    site = summit.wiki.human_site("Alice")
    page = site.pages[f"{summit.page}/Roadmap"]
    text = page.text()
    assert "* Ada Lovelace: 1,000.50 EUR – &#91;&#91;Category&#58;x&#93;&#93;" in text
    assert "'''Total:''' 1,000.50 EUR\n'''Target:''' 10,000 EUR" in text
    assert "* anonymous: 250 USD ''(pending)''" in text
    assert "'''Total:''' nothing confirmed yet (pending: 250 USD)" in text
    assert "== Pledged in all ==\n1,000.50 EUR (pending: 250 USD)" in text
    assert "Serge" not in text
    assert list(page.categories()) == []
    html = site.api("parse", page=f"{summit.page}/Roadmap", prop="text", formatversion=2)["parse"]["text"]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    shown_text = html_module.unescape(html)
    assert "[[Category:x]]" in shown_text  # shown as the text it was
    assert "{{!}}" in shown_text
    assert "<!channel>" in shown_text
