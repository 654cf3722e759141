// libsdm web front end: builds the form from /api/form, sends it to
// /api/match and shows the ranked medicines, the reasons and the cards.
// Text from the service is always set with textContent, never as HTML.
// SPDX-License-Identifier: MIT
"use strict";

const FIRST_CARDS = 3;

function element(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") el.textContent = value;
    else el.setAttribute(name, value);
  }
  for (const child of children) el.append(child);
  return el;
}

// One row of the form: the number, the words, a rank to avoid, "would help".
function itemRow(item, number, maxRank) {
  const select = element("select", {name: "rank", "data-effect": item.id,
                                    "aria-label": "Rank to avoid: " + item.label});
  select.append(element("option", {value: "", text: "–"}));
  for (let rank = 1; rank <= maxRank; rank++) select.append(element("option", {value: rank, text: rank}));
  const helpful = element("input", {type: "checkbox", name: "helpful", value: item.id});
  const hint = item.commonly_helpful ? element("span", {class: "hint", text: " (often helpful)"}) : "";
  return element("div", {class: "item"},
    element("span", {class: "number", text: number + "."}),
    element("span", {class: "label", text: item.label}, hint),
    element("label", {class: "rank"}, "avoid ", select),
    element("label", {class: "helps"}, helpful, " would help"));
}

function buildForm(form) {
  document.getElementById("notice").textContent = form.notice;
  document.getElementById("max-rank").textContent = form.max_rank;
  const groups = document.getElementById("groups");
  let number = 0;
  for (const group of form.groups) {
    const fieldset = element("fieldset", {class: "group"}, element("legend", {text: group.label}));
    for (const item of group.items) fieldset.append(itemRow(item, ++number, form.max_rank));
    groups.append(fieldset);
  }
}

function readForm() {
  const avoid = [];
  for (const select of document.querySelectorAll("select[name=rank]")) {
    if (select.value) avoid.push({id: select.dataset.effect, rank: Number(select.value)});
  }
  avoid.sort((a, b) => a.rank - b.rank);
  const helpful = [...document.querySelectorAll("input[name=helpful]:checked")].map((box) => box.value);
  const who = document.querySelector("input[name=completed_by]:checked");
  return {avoid, helpful, completed_by: who ? who.value : null};
}

function showMessage(text) {
  const message = document.getElementById("message");
  message.textContent = text;
  message.hidden = !text;
  if (text) message.scrollIntoView({block: "center"});
}

function cardList(title, items) {
  if (!items.length) return "";
  const list = element("ul");
  for (const item of items) list.append(cardLine(item, false));
  return element("div", {class: "card-part"}, element("h4", {text: title}), list);
}

function cardLine(item, withMark) {
  const li = element("li", {}, item.label);
  if (withMark) li.append(" ", element("span", {class: "mark", text: item.mark}));
  if (item.your_rank) li.append(" ", element("span", {class: "yours", text: "your rank " + item.your_rank}));
  if (item.helpful_for_you) li.append(" ", element("span", {class: "yours", text: "helpful for you"}));
  return li;
}

function card(data, open) {
  const marked = element("ul", {class: "marked"});
  for (const item of data.items) marked.append(cardLine(item, true));
  const details = element("details", {class: "card", "data-medication": data.id},
    element("summary", {}, element("strong", {text: data.name}), " (" + data.atc + ")"),
    marked,
    cardList("Rated none", data.rated_none),
    cardList("Not known (no source rates it)", data.not_known),
    element("p", {class: "legend", text: data.legend}),
    element("p", {class: "notice", text: "Data version " + data.data_version + ". " + data.notice}));
  details.open = open;
  return details;
}

function showResults(result) {
  const ranked = document.getElementById("ranked");
  ranked.replaceChildren(...result.ranked.map((entry) => element("li", {value: entry.rank},
    element("strong", {class: "name", text: entry.name}),
    element("span", {class: "score", text: " score " + entry.score.toFixed(3)}),
    element("div", {class: "reason", text: entry.reason}))));
  const excluded = document.getElementById("excluded");
  excluded.replaceChildren(...result.excluded.map((x) => element("li", {text: x.name + ": " + x.reason})));
  document.getElementById("excluded-part").hidden = result.excluded.length === 0;
  document.getElementById("cards").replaceChildren(...result.cards.map((c, i) => card(c, i < FIRST_CARDS)));
  const results = document.getElementById("results");
  results.hidden = false;
  results.scrollIntoView();
}

async function submit(event) {
  event.preventDefault();
  showMessage("");
  let response, body;
  try {
    response = await fetch("api/match", {method: "POST", headers: {"Content-Type": "application/json"},
                                          body: JSON.stringify(readForm())});
    body = await response.json();
  } catch (e) {
    showMessage("The service did not answer: " + e.message);
    return;
  }
  if (!response.ok) {
    document.getElementById("results").hidden = true;
    showMessage("Please check the form: " + body.error + ".");
    return;
  }
  showResults(body);
}

async function start() {
  const form = document.getElementById("form");
  form.addEventListener("submit", submit);
  form.addEventListener("reset", () => {
    showMessage("");
    document.getElementById("results").hidden = true;
  });
  document.getElementById("all-cards").addEventListener("click", () => {
    for (const details of document.querySelectorAll("details.card")) details.open = true;
  });
  try {
    const response = await fetch("api/form");
    buildForm(await response.json());
  } catch (e) {
    showMessage("The form could not be loaded: " + e.message);
  }
}

start();
