// odpay ledger console: plain JavaScript, no build step, no network beyond odpay itself.
// The key pair is kept in sessionStorage (this tab only) and sent as the ODFHIR header.
"use strict";

const PAGE = 200;
const UNPAID_SHOWN = 50;
const $ = (id) => document.getElementById(id);
const state = { patNum: null, offset: 0, total: 0, page: null, previewBody: null, payNum: null,
  expanded: new Set() };  // expanded: the PayNums whose splits are shown

function keyHeader() {
  const dev = sessionStorage.getItem("odpay.dev");
  const cust = sessionStorage.getItem("odpay.cust");
  return dev && cust ? `ODFHIR ${dev}/${cust}` : null;
}

function showKey() {
  const header = keyHeader();
  $("key-form").hidden = Boolean(header);
  $("key-status").hidden = !header;
  $("key-label").textContent = header ? `Key ${sessionStorage.getItem("odpay.dev").slice(0, 4)}… in use` : "";
}

function say(text, isError = false) {
  $("message").textContent = text;
  $("message").className = isError ? "error" : "";
}

async function api(method, path, body) {
  const header = keyHeader();
  if (!header) throw new Error("Paste your key pair first.");
  const init = { method, headers: { Authorization: header } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const answer = await fetch(path, init);
  const data = await answer.json().catch(() => null);
  if (!answer.ok) {
    const text = typeof data === "string" ? data : `HTTP ${answer.status}`;
    throw new Error(answer.status === 401 ? `${text} Check the key pair (a write needs a write key).` : text);
  }
  return data;
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function button(label, onClick, attrs = {}) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.addEventListener("click", onClick);
  for (const [k, v] of Object.entries(attrs)) b.setAttribute(k, v);
  return b;
}

// ---- families -------------------------------------------------------------------------
async function searchFamilies(event) {
  event.preventDefault();
  const name = $("search-name").value.trim();
  const list = $("family-list");
  list.textContent = "";
  try {
    const query = new URLSearchParams({ guarOnly: "true", Limit: "50" });
    if (name) query.set("LName", name);
    const patients = await api("GET", `/api/v1/patients?${query}`);
    for (const p of patients) {
      const li = document.createElement("li");
      li.appendChild(button(`${p.LName}, ${p.FName} (#${p.PatNum})`, () => openFamily(p.PatNum)));
      list.appendChild(li);
    }
    say(patients.length ? `${patients.length} families found.` : "No family found.");
  } catch (error) {
    say(error.message, true);
  }
}

async function openFamily(patNum, offset = null) {
  if (patNum !== state.patNum) state.expanded.clear();
  state.patNum = patNum;
  try {
    if (offset === null) {
      // Open on the last page, where the newest lines are (as the Account module scrolls).
      const head = await api("GET", `/odpay/v1/families/${patNum}/ledger?limit=1`);
      offset = Math.max(0, Math.floor((head.total - 1) / PAGE) * PAGE);
    }
    await loadPage(offset);
    fillPatients();
    $("payment-form").hidden = false;
  } catch (error) {
    say(error.message, true);
  }
}

async function loadPage(offset, highlight = null) {
  const page = await api("GET", `/odpay/v1/families/${state.patNum}/ledger?offset=${offset}&limit=${PAGE}`);
  state.page = page;
  state.offset = page.offset;
  state.total = page.total;
  renderLedger(page, highlight);
  say(`Family of #${page.guarantor} opened.`);
}

function memberName(page, patNum) {
  const m = page.members.find((p) => p.PatNum === patNum);
  return m ? `${m.FName} ${m.LName}`.trim() : `#${patNum}`;
}

function renderLedger(page, highlight) {
  $("family-head").hidden = false;
  $("ledger-table").hidden = false;
  $("family-title").textContent = `Family of ${memberName(page, page.guarantor)} (#${page.guarantor})`;
  $("family-balance").textContent = page.balance;
  $("line-count").textContent = `${page.total} lines`;
  const last = Math.max(0, Math.floor((page.total - 1) / PAGE) * PAGE);
  const from = page.total ? page.offset + 1 : 0;
  $("page-label").textContent = `lines ${from}–${page.offset + page.lines.length} of ${page.total}`;
  $("first-page").disabled = $("prev-page").disabled = page.offset === 0;
  $("next-page").disabled = $("last-page").disabled = page.offset >= last;
  const body = document.createDocumentFragment();
  for (const line of page.lines) {
    const row = document.createElement("tr");
    row.className = line.kind;
    row.id = `line-${line.index}`;
    row.dataset.kind = line.kind;
    row.dataset.key = line.key;
    const toggle = cell(row, "");
    cell(row, line.date);
    cell(row, memberName(page, line.PatNum));
    cell(row, line.code);
    cell(row, line.description || line.kind, "desc");
    cell(row, line.charge, "num");
    cell(row, line.credit, "num");
    cell(row, line.balance, "num");
    const actions = cell(row, "");
    body.appendChild(row);
    if (line.kind === "Payment") {
      const splitRows = line.splits.map((s) => splitRow(page, line, s));
      const shown = state.expanded.has(line.key);
      for (const r of splitRows) r.hidden = !shown;
      toggle.appendChild(button(shown ? "▾" : "▸", (event) => {
        const open = event.target.getAttribute("aria-expanded") === "true";
        event.target.setAttribute("aria-expanded", String(!open));
        event.target.textContent = open ? "▸" : "▾";
        if (open) state.expanded.delete(line.key); else state.expanded.add(line.key);
        for (const r of splitRows) r.hidden = open;
      }, { "aria-expanded": String(shown), "aria-label": `Splits of payment ${line.key}`, class: "toggle" }));
      actions.appendChild(button("Explain", () => explainStored(line.key), { "aria-label": `Explain payment ${line.key}` }));
      actions.appendChild(button("Refund", () => refund(line.key), { "aria-label": `Refund payment ${line.key}` }));
      actions.appendChild(button("Re-allocate", () => startReallocate(line), { "aria-label": `Re-allocate payment ${line.key}` }));
      for (const r of splitRows) body.appendChild(r);
    }
  }
  $("ledger-body").replaceChildren(body);
  if (highlight !== null) {
    const target = $(`line-${highlight}`);
    if (target) {
      target.classList.add("highlight");
      target.scrollIntoView({ block: "center" });
      target.tabIndex = -1;
      target.focus();
    }
  }
}

function splitRow(page, line, split) {
  const row = document.createElement("tr");
  row.className = "split";
  row.hidden = true;
  row.dataset.splitNum = split.SplitNum;
  cell(row, "");
  cell(row, "");
  cell(row, memberName(page, split.PatNum));
  cell(row, "");
  const what = cell(row, "", "desc");
  cell(row, "");
  cell(row, split.SplitAmt, "num");
  cell(row, "");
  cell(row, "");
  let label;
  if (split.ProcNum) label = `procedure ${split.ProcNum}`;
  else if (split.AdjNum) label = `adjustment ${split.AdjNum}`;
  else if (split.PayPlanChargeNum) label = `payment plan ${split.PayPlanNum} charge ${split.PayPlanChargeNum}`;
  else if (split.UnearnedType) label = "unearned";
  else label = "unallocated";
  what.append(`Split ${split.SplitNum} → `);
  if (split.target !== null && split.target !== undefined) {
    const link = document.createElement("a");
    link.href = `#line-${split.target}`;
    link.textContent = label;
    link.addEventListener("click", (event) => { event.preventDefault(); goToLine(split.target); });
    what.appendChild(link);
  } else {
    what.append(label);
  }
  return row;
}

async function goToLine(index) {
  const offset = Math.floor(index / PAGE) * PAGE;
  try { await loadPage(offset, index); } catch (error) { say(error.message, true); }
}

function fillPatients() {
  const select = $("pay-patient");
  select.textContent = "";
  for (const m of state.page.members) {
    const option = document.createElement("option");
    option.value = m.PatNum;
    option.textContent = `${m.FName} ${m.LName} (#${m.PatNum})`;
    select.appendChild(option);
  }
}

// ---- payments -------------------------------------------------------------------------
function paymentBody() {
  const body = { PatNum: Number($("pay-patient").value), PayAmt: $("pay-amount").value.trim() };
  if ($("pay-date").value) body.PayDate = $("pay-date").value;
  const procs = $("pay-procs").value.split(/[\s,]+/).filter(Boolean).map(Number);
  if (procs.length) body.procNums = procs;
  if ($("pay-plan").value.trim()) body.payPlanNum = Number($("pay-plan").value.trim());
  if ($("pay-preferred").checked) body.isPatientPreferred = "true";
  if ($("pay-prepayment").checked) body.isPrepayment = "true";
  return body;
}

function renderExplanation(title, data) {
  $("explanation").hidden = false;
  $("explanation-title").textContent = title;
  const list = $("explained-splits");
  list.textContent = "";
  for (const split of data.splits) {
    const li = document.createElement("li");
    const rule = document.createElement("span");
    rule.className = "rule";
    rule.textContent = `${split.SplitAmt} · ${split.explanation.rule}`;
    li.append(rule, document.createElement("br"), split.explanation.text);
    list.appendChild(li);
  }
  const unpaid = $("unpaid");
  unpaid.textContent = "";
  // A large family may leave thousands of charges owing: the first ones are listed.
  for (const charge of data.unpaid.slice(0, UNPAID_SHOWN)) {
    const li = document.createElement("li");
    li.textContent = charge.text;
    unpaid.appendChild(li);
  }
  const more = data.unpaid.length - UNPAID_SHOWN;
  const last = document.createElement("li");
  if (more > 0) last.textContent = `… and ${more} more charges.`;
  if (!data.unpaid.length) last.textContent = "Nothing: every charge is paid.";
  if (last.textContent) unpaid.appendChild(last);
}

async function preview(event) {
  event.preventDefault();
  const body = paymentBody();
  try {
    const data = await api("POST", "/odpay/v1/payments/preview", body);
    state.previewBody = body;
    renderExplanation(`Preview of ${body.PayAmt}`, data);
    $("post-button").disabled = false;
    say("Preview ready: nothing was written. Post it to store these splits.");
  } catch (error) {
    $("post-button").disabled = true;
    say(error.message, true);
  }
}

async function post() {
  if (!state.previewBody) return;
  try {
    const payment = await api("POST", "/api/v1/payments", state.previewBody);
    state.previewBody = null;
    $("post-button").disabled = true;
    await openFamily(state.patNum);
    say(`Payment ${payment.PayNum} posted.`);
  } catch (error) {
    say(error.message, true);
  }
}

async function explainStored(payNum) {
  try {
    const data = await api("GET", `/odpay/v1/payments/${payNum}/explanation`);
    renderExplanation(`Payment ${payNum}` + (data.reproduced ? "" : " (not reproduced by the engine)"), data);
    say(`Explanation of payment ${payNum}.`);
  } catch (error) {
    say(error.message, true);
  }
}

async function refund(payNum) {
  if (!window.confirm(`Refund payment ${payNum}? A negative payment will mirror its splits.`)) return;
  try {
    const made = await api("POST", "/api/v1/payments/Refund", { PayNum: payNum });
    await openFamily(state.patNum);
    say(`Payment ${payNum} refunded by payment ${made.PayNum}.`);
  } catch (error) {
    say(error.message, true);
  }
}

function startReallocate(line) {
  state.payNum = line.key;
  $("reallocate-form").hidden = false;
  $("reallocate-title").textContent = `Re-allocate payment ${line.key} (${line.credit})`;
  $("reallocate-lines").value = line.splits.filter((s) => s.ProcNum)
    .map((s) => `${s.ProcNum} ${s.SplitAmt}`).join("\n");
  $("reallocate-lines").focus();
}

async function reallocate(event) {
  event.preventDefault();
  const pairs = $("reallocate-lines").value.split("\n").map((l) => l.trim()).filter(Boolean)
    .map((l) => l.split(/[\s,=:]+/));
  const body = { procNumsAndAmounts: pairs.map(([proc, amount]) => ({ ProcNum: Number(proc), Amount: amount })) };
  try {
    await api("PUT", `/api/v1/payments/${state.payNum}/Partial`, body);
    $("reallocate-form").hidden = true;
    await openFamily(state.patNum);
    say(`Payment ${state.payNum} re-allocated.`);
  } catch (error) {
    say(error.message, true);
  }
}

// ---- wiring ---------------------------------------------------------------------------
$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("odpay.dev", $("dev-key").value.trim());
  sessionStorage.setItem("odpay.cust", $("cust-key").value.trim());
  $("dev-key").value = $("cust-key").value = "";
  showKey();
  say("Key pair kept for this tab.");
  $("search-name").focus();
});
$("forget-key").addEventListener("click", () => {
  sessionStorage.removeItem("odpay.dev");
  sessionStorage.removeItem("odpay.cust");
  showKey();
  say("Key pair forgotten.");
});
$("family-search").addEventListener("submit", searchFamilies);
$("family-open").addEventListener("submit", (event) => {
  event.preventDefault();
  const patNum = Number($("open-patnum").value);
  if (patNum > 0) openFamily(patNum);
});
const turnTo = (offset) => loadPage(Math.max(0, offset)).catch((error) => say(error.message, true));
$("first-page").addEventListener("click", () => turnTo(0));
$("prev-page").addEventListener("click", () => turnTo(state.offset - PAGE));
$("next-page").addEventListener("click", () => turnTo(state.offset + PAGE));
$("last-page").addEventListener("click", () => turnTo(Math.floor((state.total - 1) / PAGE) * PAGE));
$("payment-form").addEventListener("submit", preview);
$("post-button").addEventListener("click", post);
$("reallocate-form").addEventListener("submit", reallocate);
$("reallocate-cancel").addEventListener("click", () => { $("reallocate-form").hidden = true; });
for (const id of ["pay-patient", "pay-amount", "pay-date", "pay-procs", "pay-plan", "pay-preferred", "pay-prepayment"]) {
  $(id).addEventListener("input", () => { $("post-button").disabled = true; state.previewBody = null; });
}
document.addEventListener("keydown", (event) => {
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "/") { event.preventDefault(); $("search-name").focus(); }
  else if (event.key === "n" && state.page && !$("next-page").disabled) $("next-page").click();
  else if (event.key === "p" && state.page && !$("prev-page").disabled) $("prev-page").click();
});
showKey();
