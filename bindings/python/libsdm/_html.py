# libsdm - matches and information cards as HTML, for notebooks (_repr_html_).
# SPDX-License-Identifier: MIT
"""The tables a person would read, as HTML.

Every piece of text comes from the data (names, labels, reasons, notices, a
Trust's own formulary) and is escaped, so no formulary can add markup to a
notebook.
"""

from html import escape

from . import core


def _row(cells, tag="td"):
    return "<tr>%s</tr>" % "".join("<%s>%s</%s>" % (tag, escape(str(c)), tag) for c in cells)


def _table(header, rows):
    return "<table>\n<thead>%s</thead>\n<tbody>\n%s\n</tbody>\n</table>" % (
        _row(header, "th"), "\n".join(_row(r) for r in rows))


def _footer(data_version, notice):
    return "<p><small>Data version %s. %s</small></p>" % (escape(data_version), escape(notice))


def _disagreements(entry, catalogue):
    """Where the sources of an entry's ratings on the person's side effects disagree, in words."""
    return "; ".join("%s: %s" % (catalogue[t.effect].label, t.disagreement)
                     for t in entry.explanation.terms if t.disagreement)


def match_html(match):
    """A match: rank, medicine, score, unknown ratings, reason and where the sources disagree per medicine;
    then those left out and why."""
    entries = list(match)
    catalogue = match.formulary.catalogue
    parts = ["<div class=\"libsdm-match\">",
             _table(("Rank", "Medicine", "Score", "Unknown ratings", "Reason", "Sources disagree"),
                    [(e.rank, e.name, "%.3f" % e.score, e.unknown_count, e.explanation.reason,
                      _disagreements(e, catalogue)) for e in entries])]
    excluded = match.excluded
    if excluded:
        parts.append("<p>Left out:</p>\n<ul>\n%s\n</ul>" % "\n".join(
            "<li>%s: %s</li>" % (escape(x.medication.name), escape(x.reason)) for x in excluded))
    parts.append(_context(match, entries))
    parts.append(_footer(match.data_version, match.formulary.notice))
    parts.append("</div>")
    return "\n".join(parts)


_OUTCOMES = {"helped": "it helped", "did_not_help": "it did not help", "stopped": "it was stopped",
             None: "how it went not said"}


def _context(match, entries):
    """The decision's context, the medicines tried before and what the restricted ones require, in words."""
    context = match.context
    lines = []
    if context.detained:
        lines.append("Detained. The limits of choice: " + (context.limits or ""))
    if context.contexts:
        lines.append("What holds: " + "; ".join(core.sdm_context_id_words(c) or c for c in context.contexts))
    if context.carer_involved:
        lines.append("A carer took part in the decision.")
    if context.revisit:
        lines.append("Revisit the decision on %s." % context.revisit)
    for entry in entries:
        tried = entry.history
        if tried:
            lines.append("Tried before: %s (%s%s)" % (entry.name, _OUTCOMES[tried.outcome],
                                                      ": " + tried.why if tried.why else ""))
        for requirement in entry.requirements:
            lines.append("%s requires%s: %s" % (entry.name, " (%s)" % requirement.country if requirement.country
                                                else "", requirement.requirement))
    return _list("The decision:", lines)


def _mark(item):
    if "your_rank" in item:
        return "your rank %d" % item["your_rank"]
    return "helpful for you" if item.get("helpful_for_you") else ""


def _evidence(item):
    """What a person should know of a rating's evidence: that the sources disagree (with their readings) and,
    for the person's own side effects, the numbers from trials in words, as the text card says it."""
    notes = []
    if item.get("disagreement"):
        notes.append("Sources disagree: " + item["disagreement"])
    if _mark(item):
        notes.extend(e["words"] for e in item.get("evidence", ()))
    return "; ".join(notes)


def _list(title, entries):
    if not entries:
        return ""
    return "<p>%s</p>\n<ul>\n%s\n</ul>" % (escape(title), "\n".join("<li>%s</li>" % escape(e) for e in entries))


def _risk(risk):
    text = "%s%s: %s" % (risk["name"], " (a risk of every antipsychotic)" if risk.get("class_risk") else "",
                          risk["words"])
    if risk.get("frequency"):
        text += " How often or when: %s." % risk["frequency"]
    return text + " Source: %s." % risk.get("source_label", risk["source"])


def _restriction(r):
    where = " (%s)" % r["country"] if r.get("country") else ""
    return "Only where %s%s: %s Source: %s." % (r["only_where"], where, r["requirement"],
                                               r.get("source_label", r["source"]))


def _product(p):
    details = ", ".join(x for x in (p["formulation"].replace("_", " "), p.get("country")) if x)
    text = "%s (%s)" % (p["name"], details)
    for key in ("interval", "note"):
        if p.get(key):
            text += "; " + p[key]
    return text + ". Source: %s." % p.get("source_label", p["source"])


def _licence(licence):
    words = {"yes": "licensed", "no": "not licensed", "not_marketed": "not marketed"}.get(licence["status"],
                                                                                          licence["status"])
    text = "%s: %s" % (licence["country"], words)
    if licence.get("date"):
        text += " (%s)" % licence["date"]
    if licence.get("note"):
        text += ": %s" % licence["note"]
    return text + ". Source: %s." % licence.get("source_label", licence["source"])


def card_html(card):
    """An information card (the parsed sdm-card JSON): the rated side effects, where their sources disagree,
    those rated none, those not known; then the serious risks, restrictions, products and licences."""
    parts = ["<div class=\"libsdm-card\">",
             "<p><strong>%s</strong> (%s)</p>" % (escape(card["name"]), escape(card["atc"])),
             _table(("Side effect", "Rating", "For you", "Source", "Evidence"),
                    [(i["label"], i["mark"], _mark(i), i["source"] or "", _evidence(i)) for i in card["items"]])]
    for key, title in (("rated_none", "Rated none"), ("not_known", "Not known (no source rates it)")):
        if card.get(key):
            parts.append("<p>%s: %s</p>" % (escape(title), "; ".join(
                escape(i["label"]) + (" [%s]" % escape(_mark(i)) if _mark(i) else "") for i in card[key])))
    parts.append("<p><small>%s</small></p>" % escape(card["legend"]))
    risks = [_risk(r) for r in card.get("serious_risks", ())]
    if risks:
        parts.append(_list("Serious risks (rare but important; they are not part of the ranking):", risks))
        if card.get("serious_risks_note"):
            parts.append("<p><small>%s</small></p>" % escape(card["serious_risks_note"]))
    else:
        parts.append("<p>Serious risks: none is recorded in this formulary, which does not mean that there is "
                     "none.</p>")
    parts.append(_list("Restrictions:", [_restriction(r) for r in card.get("restrictions", ())]))
    parts.append(_list("Products recorded (such as long-acting injections):",
                       [_product(p) for p in card.get("products", ())]))
    parts.append(_list("Licences for adult schizophrenia:", [_licence(x) for x in card.get("licences", ())]))
    parts.append(_footer(card["data_version"], card["notice"]))
    parts.append("</div>")
    return "\n".join(part for part in parts if part)
