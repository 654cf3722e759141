// libsdm web front end: builds the form from /api/form, sends it to
// /api/match and shows the table of the medicines against the side effects
// the person chose, the reasons on demand, the medicines left out, the cards
// and the decision record. Text from the service is always set with
// textContent, never as HTML.
// SPDX-License-Identifier: MIT
"use strict";

const ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th"];
const WHO = {service_user: "the person who would take the medicine", carer: "a carer",
             together: "the person and a carer together"};
const EXCLUDED_KIND = {restriction: "only for some people", request: "left out on request",
                       formulation: "not in the form asked for", licence: "not licensed where asked",
                       unknown_rating: "not rated for a side effect you chose"};

let form = null;     // /api/form
let result = null;   // the last /api/match answer
let recordUrl = null;

function element(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") el.textContent = value;
    else if (value !== null && value !== undefined) el.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== "") el.append(child);
  return el;
}

function byId(id) {
  return document.getElementById(id);
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- the form ----------------------------------------------------------------

// One row: its number, its words, the number to avoid it and "would help",
// each control named after the side effect ("Weight gain: number to avoid").
function itemRow(item, number, maxRank) {
  const id = item.id;
  const select = element("select", {id: "rank-" + id, name: "rank", "data-effect": id,
                                    "aria-labelledby": "label-" + id + " avoid-" + id});
  select.append(element("option", {value: "", text: "–"}));
  for (let rank = 1; rank <= maxRank; rank++) select.append(element("option", {value: rank, text: rank}));
  const helpful = element("input", {type: "checkbox", id: "help-" + id, name: "helpful", value: id,
                                    "aria-labelledby": "label-" + id + " helps-" + id});
  const hint = item.commonly_helpful ? element("span", {class: "hint", text: "often helpful"}) : null;
  return element("div", {class: "item"},
    element("span", {class: "number", "aria-hidden": "true", text: number + "."}),
    element("span", {class: "label", id: "label-" + id, text: item.label}),
    hint,
    element("span", {class: "controls"},
      element("label", {class: "rank", for: "rank-" + id}, element("span", {id: "avoid-" + id, text: "avoid"}),
              select),
      element("label", {class: "helps", for: "help-" + id}, helpful,
              element("span", {id: "helps-" + id, text: "would help"}))));
}

// The items in the paper's order; a heading wherever the group changes
// (so a group can come twice, as "Body" does on the paper form).
function buildForm() {
  byId("notice").textContent = form.notice;
  byId("max-rank").textContent = form.max_rank;
  const items = byId("items");
  let fieldset = null, group = null;
  form.items.forEach((item, i) => {
    if (item.group !== group) {
      group = item.group;
      fieldset = element("fieldset", {class: "group"}, element("legend", {text: item.group_label}));
      items.append(fieldset);
    }
    fieldset.append(itemRow(item, i + 1, form.max_rank));
  });
  items.addEventListener("change", (event) => {
    event.target.removeAttribute("aria-invalid");
    showChoices();
  });
}

function labelOf(id) {
  return form.items.find((item) => item.id === id).label;
}

function readForm() {
  const avoid = [];
  for (const select of document.querySelectorAll("select[name=rank]")) {
    if (select.value) avoid.push({id: select.dataset.effect, rank: Number(select.value)});
  }
  avoid.sort((a, b) => a.rank - b.rank);
  const helpful = [...document.querySelectorAll("input[name=helpful]:checked")].map((box) => box.value);
  const who = document.querySelector("input[name=completed_by]:checked");
  return {avoid, helpful, completed_by: who ? who.value : null, carer_involved: byId("carer-involved").checked};
}

// "Your choices", by the button: what the person has numbered and ticked,
// so that on a phone it need not be scrolled back to.
function showChoices() {
  const chosen = readForm();
  byId("choices-avoid").replaceChildren(...chosen.avoid.map((a) => element("li", {},
    element("strong", {text: a.rank + ". "}), labelOf(a.id))));
  byId("choices-helpful").textContent = chosen.helpful.length
    ? "Would help: " + chosen.helpful.map(labelOf).join(", ") + "." : "";
  byId("choices-none").hidden = chosen.avoid.length + chosen.helpful.length > 0;
}

// The message, with a button to each control concerned ("Change Dry mouth"),
// so that on a phone the person need not search the form for it.
function showMessage(text, controls = []) {
  const message = byId("message");
  message.replaceChildren(element("p", {text}));
  if (controls.length) {
    const list = element("ul", {class: "go-to"});
    for (const control of controls) {
      const label = labelOf(control.dataset.effect || control.value);
      const button = element("button", {type: "button", class: "small", text: "Change " + label});
      button.addEventListener("click", () => {
        control.scrollIntoView({block: "center"});
        control.focus();
      });
      list.append(element("li", {}, button));
    }
    message.append(list);
  }
  message.hidden = !text;
  if (text) {
    message.focus();
    message.scrollIntoView({block: "center"});
  }
}

// The controls a refused form is about: numbers given twice, side effects
// both numbered and ticked. Each is marked invalid until it is changed.
function markProblems(chosen) {
  const controls = [];
  const byRank = {};
  for (const a of chosen.avoid) (byRank[a.rank] = byRank[a.rank] || []).push(a.id);
  for (const ids of Object.values(byRank)) {
    if (ids.length > 1) for (const id of ids) controls.push(byId("rank-" + id));
  }
  for (const a of chosen.avoid) {
    if (chosen.helpful.includes(a.id)) controls.push(byId("rank-" + a.id), byId("help-" + a.id));
  }
  for (const control of controls) control.setAttribute("aria-invalid", "true");
  return controls.filter((c) => c.tagName === "SELECT");
}

function clearProblems() {
  for (const control of document.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
}

// ---- the result --------------------------------------------------------------

function columnHeader(chosen, index) {
  const key = chosen.rank ? String(chosen.rank) : "H" + index;
  const long = chosen.rank ? chosen.label : chosen.label + " (would help)";
  return element("th", {scope: "col", class: "mark-col"},
    element("span", {class: "long", text: long}),
    element("span", {class: "short", "aria-hidden": "true", text: key}));
}

function markCell(mark) {
  const cell = element("td", {class: "mark"}, mark.mark);
  if (mark.disagreement) {
    cell.append(element("span", {class: "disagree-sign", "aria-hidden": "true", text: "*"}),
                element("span", {class: "visually-hidden", text: " (the sources disagree)"}));
  }
  return cell;
}

// The place, "=10" where medicines share it.
function place(entry) {
  return (entry.tied < 2 ? "" : "=") + entry.rank;
}

function toggleButton(text, controls) {
  return element("button", {type: "button", class: "small", "aria-expanded": "false", "aria-controls": controls,
                            text});
}

// The library's reason, one side effect a part ("Weight gain + (rank 1; ...); Dry mouth ..."):
// split at "; " outside the brackets, so that each side effect is a line of its own.
function reasonParts(reason) {
  const parts = [];
  let depth = 0, start = 0;
  for (let i = 0; i < reason.length; i++) {
    if (reason[i] === "(") depth++;
    else if (reason[i] === ")") depth--;
    else if (depth === 0 && reason.startsWith("; ", i)) {
      parts.push(reason.slice(start, i));
      start = i + 2;
    }
  }
  parts.push(reason.slice(start));
  return parts;
}

function reasonCell(entry, columns) {
  return element("td", {colspan: columns + 1},
    element("p", {text: "Its place comes from its marks for your side effects, your 1st counting most:"}),
    element("ul", {class: "reason"}, ...reasonParts(entry.reason).map((part) => element("li", {text: part}))));
}

function tableRows(ranked, columns) {
  const rows = [];
  for (const entry of ranked) {
    const whyId = "why-" + entry.id;
    const why = toggleButton("Why?", whyId);
    why.setAttribute("aria-label", "Why " + entry.name + " is in this place");
    why.addEventListener("click", () => {
      const open = why.getAttribute("aria-expanded") !== "true";
      why.setAttribute("aria-expanded", String(open));
      byId(whyId).hidden = !open;
    });
    const cardButton = element("button", {type: "button", class: "small", text: "Card",
                                          "aria-label": "The card of " + entry.name});
    cardButton.addEventListener("click", () => openCard(entry.id));
    rows.push(element("tr", {"data-medication": entry.id},
      element("th", {scope: "row", class: "medicine"},
        element("span", {class: "name"},
          element("span", {class: "place", "aria-hidden": "true", text: place(entry)}),
          element("span", {class: "visually-hidden",
                           text: (entry.tied > 1 ? "shared place " : "place ") + entry.rank + ": "}),
          entry.name),
        element("span", {class: "fit", text: capital(entry.fit)}),
        element("span", {class: "row-buttons"}, why, cardButton)),
      ...entry.marks.map(markCell)));
    rows.push(element("tr", {class: "why", id: whyId, hidden: ""}, reasonCell(entry, columns)));
  }
  return rows;
}

function showTable() {
  const columns = result.chosen.length;
  let helpful = 0;
  const head = element("tr", {},
    element("th", {scope: "col"}, "Place and medicine"),
    ...result.chosen.map((chosen) => columnHeader(chosen, chosen.rank ? 0 : ++helpful)));
  // On a phone the columns are headed by numbers (1 to 5, H1 for the first that would help): their key.
  let h = 0;
  byId("table-key").textContent = "Columns: " + result.chosen.map((c) =>
    (c.rank ? c.rank : "H" + ++h) + " " + c.label).join(" · ") + ".";
  const table = byId("table");
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...tableRows(result.ranked, columns));
}

function showSummary() {
  const avoid = result.chosen.filter((c) => c.rank);
  const helpful = result.chosen.filter((c) => !c.rank);
  let h = 0;
  const parts = [element("p", {}, element("strong", {text: "You most want to avoid: "}),
    avoid.length ? avoid.map((c) => c.rank + " " + c.label).join("; ") + "." : "nothing chosen.")];
  if (helpful.length) {
    parts.push(element("p", {}, element("strong", {text: "Would help: "}),
      helpful.map((c) => "H" + ++h + " " + c.label).join("; ") + "."));
  }
  const who = result.completed_by ? "Filled in by " + WHO[result.completed_by] + "." : "";
  const carer = result.carer_involved ? " A carer took part in choosing." : "";
  if (who || carer) parts.push(element("p", {text: (who + carer).trim()}));
  byId("summary").replaceChildren(...parts);
}

function showExcluded() {
  byId("excluded").replaceChildren(...result.excluded.map((x) => {
    const button = element("button", {type: "button", class: "small", text: "Card",
                                      "aria-label": "The card of " + x.name});
    button.addEventListener("click", () => openCard(x.id));
    return element("li", {"data-medication": x.id}, element("strong", {text: x.name}),
      " (" + (EXCLUDED_KIND[x.kind] || x.kind) + "): " + x.reason + ". ", button);
  }));
  byId("excluded-part").hidden = result.excluded.length === 0;
}

function showCertainty() {
  const c = result.certainty;
  byId("certainty-shares").replaceChildren(...c.shares.map((e) =>
    element("li", {"data-medication": e.id}, element("strong", {text: e.name}),
      ": first in " + Math.round(e.first * 100) + " % of readings, among the three best in " +
      Math.round(e.top3 * 100) + " %.")));
  byId("certainty-text").textContent = c.text;
}

function showEfficacy() {
  byId("efficacy").replaceChildren(...result.ranked.map((e) =>
    element("li", {"data-medication": e.id}, element("strong", {text: e.name}), ": " + e.efficacy + ".")));
}

function showRecord() {
  if (recordUrl) URL.revokeObjectURL(recordUrl);
  const text = JSON.stringify(result.record, null, 2) + "\n";
  recordUrl = URL.createObjectURL(new Blob([text], {type: "application/json"}));
  const link = byId("download");
  link.href = recordUrl;
  const day = (result.record.timestamp || "").slice(0, 10);
  link.setAttribute("download", "decision-record" + (day ? "-" + day : "") + ".json");
}

function showResults(answer) {
  result = answer;
  showSummary();
  showTable();
  showCertainty();
  showEfficacy();
  showExcluded();
  const select = byId("card-select");
  select.replaceChildren(...result.medicines.map((m) => element("option", {value: m.id, text: m.name})));
  byId("cards").replaceChildren();
  showRecord();
  byId("version").textContent = "Data version " + result.data_version + ". " + result.notice;
  byId("results").hidden = false;
  byId("status").textContent = result.ranked.length + " medicines, best fit first" +
    (result.excluded.length ? "; " + result.excluded.length + " not in the list." : ".");
  const title = byId("results-title");
  title.focus();
  title.scrollIntoView({block: "start"});
}

// ---- the cards ---------------------------------------------------------------

function listPart(title, items, line) {
  if (!items || !items.length) return null;
  return element("div", {class: "card-part"}, element("h5", {text: title}),
    element("ul", {class: line === itemLine ? "marked-list" : null}, ...items.map(line)));
}

function itemLine(item) {
  const li = element("li", {}, element("span", {class: "mark", text: item.mark || "0"}), " " + item.label);
  if (item.source_label) li.append(element("span", {class: "detail", text: " (" + item.source_label + ")"}));
  if (item.your_rank) li.append(" ", element("span", {class: "yours", text: "your " + ORDINALS[item.your_rank - 1]}));
  if (item.helpful_for_you) li.append(" ", element("span", {class: "yours", text: "would help you"}));
  if (item.disagreement) li.append(element("span", {class: "disagree", text: " sources disagree: " + item.disagreement}));
  return li;
}

// A serious risk in words, then how often (as its source gives it), whether every antipsychotic has it,
// and its source.
function riskLine(risk) {
  const detail = [risk.frequency, risk.class_risk ? "a risk of every antipsychotic" : "",
                  risk.source_label ? "source: " + risk.source_label : ""].filter(Boolean).join("; ");
  return element("li", {}, element("strong", {text: risk.name + ". "}), risk.words,
                 detail ? element("span", {class: "detail", text: " (" + detail + ")"}) : null);
}

function restrictionsPart(card) {
  if (!card.restrictions || !card.restrictions.length) return null;
  const part = element("div", {class: "card-part restriction"}, element("h5", {text: "Only for some people"}));
  const contexts = [...new Set(card.restrictions.map((r) => r.only_where))];
  for (const context of contexts) {
    part.append(element("p", {}, element("strong", {text: "Only where "}), context + "."));
    part.append(element("ul", {}, ...card.restrictions.filter((r) => r.only_where === context).map((r) =>
      element("li", {}, element("strong", {text: (r.country || "Everywhere") + ": "}), r.requirement))));
  }
  return part;
}

// The person's side effects first, in the order of their numbers, then those that would help.
function yoursOf(card) {
  const all = [...card.items, ...(card.rated_none || []), ...(card.not_known || [])];
  const order = (i) => i.your_rank || 100;
  return all.filter((i) => i.your_rank || i.helpful_for_you).sort((a, b) => order(a) - order(b));
}

function cardElement(card) {
  const yours = yoursOf(card);
  const close = element("button", {type: "button", class: "small", text: "Close",
                                    "aria-label": "Close the card of " + card.name});
  const article = element("article", {class: "card", "data-medication": card.id, "aria-labelledby": "card-" + card.id},
    element("div", {class: "card-head"},
      element("h4", {id: "card-" + card.id, tabindex: "-1"}, card.name + " ",
              element("span", {class: "atc", text: "(" + card.atc + ")"})),
      close),
    listPart("Your side effects", yours, itemLine),
    element("div", {class: "card-part risks"}, element("h5", {text: "Serious risks"}),
      card.serious_risks && card.serious_risks.length
        ? element("ul", {}, ...card.serious_risks.map(riskLine)) : element("p", {text: "None recorded."}),
      element("p", {class: "detail", text: card.serious_risks_note})),
    restrictionsPart(card),
    card.licensed_in && card.licensed_in.length
      ? element("p", {}, element("strong", {text: "Licensed for schizophrenia in adults in: "}),
                card.licensed_in.join(", ") + ".") : null,
    listPart("Every side effect it is marked for, most marked first", card.items, itemLine),
    listPart("Rated none", card.rated_none, (i) => element("li", {text: i.label})),
    listPart("Not known (no source rates it)", card.not_known, (i) => element("li", {text: i.label})),
    element("p", {class: "detail", text: card.legend}));
  close.addEventListener("click", () => {
    article.remove();
    byId("card-select").focus();
  });
  return article;
}

// The card as the service has it, with the person's side effects marked on it.
function personalise(card) {
  const copy = JSON.parse(JSON.stringify(card));
  const mine = new Map(result.chosen.map((c) => [c.effect, c.rank]));
  for (const key of ["items", "rated_none", "not_known"]) {
    for (const item of copy[key] || []) {
      if (!mine.has(item.effect)) continue;
      if (mine.get(item.effect)) item.your_rank = mine.get(item.effect);
      else item.helpful_for_you = true;
    }
  }
  return copy;
}

const cardCache = new Map();

async function fetchCard(id) {
  if (!cardCache.has(id)) {
    const response = await fetch("api/card/" + encodeURIComponent(id));
    if (!response.ok) throw new Error((await response.json()).error);
    cardCache.set(id, await response.json());
  }
  return personalise(cardCache.get(id));
}

// Opens a card (or brings back the one open) at the top of the cards, and
// moves the focus to its name. The open cards are those printed.
async function openCard(id) {
  const cards = byId("cards");
  let article = cards.querySelector('article[data-medication="' + CSS.escape(id) + '"]');
  if (!article) {
    try {
      article = cardElement(await fetchCard(id));
    } catch (e) {
      showMessage("The card could not be loaded: " + e.message);
      return;
    }
  }
  cards.prepend(article);
  byId("card-select").value = id;
  const heading = article.querySelector("h4");
  heading.focus();
  heading.scrollIntoView({block: "start"});
}

// ---- sending -----------------------------------------------------------------

async function submit(event) {
  event.preventDefault();
  showMessage("");
  clearProblems();
  const chosen = readForm();
  if (!chosen.avoid.length && !chosen.helpful.length) {
    byId("results").hidden = true;
    showMessage("Please choose at least one side effect you would want to avoid (give it a number), " +
                "or tick one that would help you.");
    return;
  }
  let response, body;
  try {
    response = await fetch("api/match", {method: "POST", headers: {"Content-Type": "application/json"},
                                          body: JSON.stringify(chosen)});
    body = await response.json();
  } catch (e) {
    showMessage("The service did not answer: " + e.message);
    return;
  }
  if (!response.ok) {
    byId("results").hidden = true;
    showMessage("Please check the form: " + body.error + ".", markProblems(chosen));
    return;
  }
  showResults(body);
}

async function start() {
  const formElement = byId("form");
  formElement.addEventListener("submit", submit);
  formElement.addEventListener("reset", () => {
    showMessage("");
    clearProblems();
    byId("results").hidden = true;
    setTimeout(showChoices, 0);  // after the form has been reset
  });
  byId("card-show").addEventListener("click", () => openCard(byId("card-select").value));
  byId("print").addEventListener("click", () => window.print());
  try {
    const response = await fetch("api/form");
    form = await response.json();
    buildForm();
    showChoices();
  } catch (e) {
    showMessage("The form could not be loaded: " + e.message);
  }
}

start();
