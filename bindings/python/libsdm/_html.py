# libsdm - matches and information cards as HTML, for notebooks (_repr_html_).
# SPDX-License-Identifier: MIT
"""The tables a person would read, as HTML.

Every piece of text comes from the data (names, labels, reasons, notices, a
Trust's own formulary) and is escaped, so no formulary can add markup to a
notebook.
"""

from html import escape


def _row(cells, tag="td"):
    return "<tr>%s</tr>" % "".join("<%s>%s</%s>" % (tag, escape(str(c)), tag) for c in cells)


def _table(header, rows):
    return "<table>\n<thead>%s</thead>\n<tbody>\n%s\n</tbody>\n</table>" % (
        _row(header, "th"), "\n".join(_row(r) for r in rows))


def _footer(data_version, notice):
    return "<p><small>Data version %s. %s</small></p>" % (escape(data_version), escape(notice))


def match_html(match):
    """A match: rank, medicine, score, unknown ratings and reason per medicine; then those left out and why."""
    entries = list(match)
    parts = ["<div class=\"libsdm-match\">",
             _table(("Rank", "Medicine", "Score", "Unknown ratings", "Reason"),
                    [(e.rank, e.name, "%.3f" % e.score, e.unknown_count, e.explanation.reason) for e in entries])]
    excluded = match.excluded
    if excluded:
        parts.append("<p>Left out:</p>\n<ul>\n%s\n</ul>" % "\n".join(
            "<li>%s: %s</li>" % (escape(x.medication.name), escape(x.reason)) for x in excluded))
    parts.append(_footer(match.data_version, match.formulary.notice))
    parts.append("</div>")
    return "\n".join(parts)


def _mark(item):
    if "your_rank" in item:
        return "your rank %d" % item["your_rank"]
    return "helpful for you" if item.get("helpful_for_you") else ""


def card_html(card):
    """An information card (the parsed sdm-card JSON): the rated side effects, those rated none, those not known."""
    parts = ["<div class=\"libsdm-card\">",
             "<p><strong>%s</strong> (%s)</p>" % (escape(card["name"]), escape(card["atc"])),
             _table(("Side effect", "Rating", "For you", "Source"),
                    [(i["label"], i["mark"], _mark(i), i["source"] or "") for i in card["items"]])]
    for key, title in (("rated_none", "Rated none"), ("not_known", "Not known (no source rates it)")):
        if card.get(key):
            parts.append("<p>%s: %s</p>" % (escape(title), "; ".join(
                escape(i["label"]) + (" [%s]" % escape(_mark(i)) if _mark(i) else "") for i in card[key])))
    parts.append("<p><small>%s</small></p>" % escape(card["legend"]))
    parts.append(_footer(card["data_version"], card["notice"]))
    parts.append("</div>")
    return "\n".join(parts)
