"""A kinship carer walks the public checker from the first question to the results, asks the Virtual School for
advice, and a Virtual School user sees the request in the queue; axe checks every page on the way."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_carer_journey_to_queue(login, page, live_server, axe_violations):
    checked = []

    def axe():
        violations = axe_violations(page)
        assert violations == [], (page.url, violations)
        checked.append(page.url)

    page.goto(f"{live_server.url}/sign-in/")
    page.click("text=check what support your family can get")
    assert page.url.endswith("/kinship/")
    axe()
    page.click("text=Start now")

    def radio(label: str):
        axe()
        page.get_by_label(label, exact=True).check()
        page.click("button:has-text('Continue')")

    radio("Grandparent, brother, sister, uncle or aunt (full or half blood, or by marriage or civil partnership)")
    radio("A special guardianship order")
    axe()
    page.click("button:has-text('Continue')")  # no age entered: error summary
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter the child's age" in page.inner_text(".govuk-error-summary")
    axe()
    page.fill("#answer", "9")
    page.click("button:has-text('Continue')")
    radio("Yes")   # looked after before the order
    radio("No")    # EHC plan
    radio("I'm not sure")  # social worker
    assert "Check your answers" in page.inner_text("h1")
    axe()
    page.click("text=See what you can get")
    assert page.inner_text("h1") == "What support your family can get"
    now = page.inner_text("main")
    assert "What you can get now" in now and "Pupil Premium Plus" in now and "What to ask about" in now
    assert page.locator("#type").inner_text() == "Special guardianship"  # everyday words first
    assert not page.get_by_text("clause 2(d)").first.is_visible()  # the legal reference is folded
    axe()
    page.emulate_media(media="print")
    assert not page.locator("text=Book a workshop or webinar").is_visible()  # links hidden when printed
    page.emulate_media(media="screen")
    page.click("text=Ask the Virtual School for advice about the child's education")
    axe()
    page.click("button:has-text('Send request')")  # empty form: errors, nothing stored
    assert "Enter your full name" in page.inner_text(".govuk-error-summary")
    axe()
    page.fill("#id_carer_name", "Pat Example")
    page.fill("#id_email", "pat@example.com")
    assert page.is_checked("#id_order_type-1")  # prefilled from the checker: special guardianship order
    page.fill("#id_school", "Example Primary School")
    page.select_option("#id_year_group", "4")
    page.get_by_label("Pupil Premium Plus", exact=True).check()
    page.fill("#id_question", "How does the school use Pupil Premium Plus?")
    page.get_by_label(re.compile("^I agree")).check()
    page.click("button:has-text('Send request')")
    assert "Request sent" in page.inner_text("h1")
    reference = page.inner_text(".govuk-panel__body strong")
    assert reference.startswith("KIN-")
    axe()

    login("virtual_school")
    page.goto(f"{live_server.url}/kinship/requests/")
    assert reference in page.inner_text("table")
    axe()
    page.click(f"text={reference}")
    assert "How does the school use Pupil Premium Plus?" in page.inner_text("main")
    assert "Yes: previously looked after" in page.inner_text("#checker-answers")
    axe()
    page.goto(f"{live_server.url}/kinship/register/")
    axe()
    assert len(checked) >= 12


def test_checker_works_without_javascript(browser, live_server, transactional_db):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/kinship/")
        page.click("text=Start now")
        for step in ["A friend of the child or of the child's family", "No court order", "No"]:
            page.get_by_label(step, exact=True).check()
            page.click("button:has-text('Continue')")
        page.fill("#answer", "15")
        page.click("button:has-text('Continue')")
        page.fill("#answer", "30")
        page.click("button:has-text('Continue')")
        for step in ["I'm not sure", "Yes"]:
            page.get_by_label(step, exact=True).check()
            page.click("button:has-text('Continue')")
        page.click("text=Back")  # back link from check your answers: the last question, answer kept
        assert page.is_checked("input[value=yes]")
        page.click("button:has-text('Continue')")
        page.click("text=See what you can get")
        main = page.inner_text("main")
        assert "Private fostering" in main and "You must tell the council" in main
        assert "clause 2(b)" in page.content()  # the legal reference, folded in a details component
        assert "Council visits and advice for private foster carers" in main
    finally:
        context.close()
