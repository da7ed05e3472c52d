// Làng Số field app: a household's businesses, the onboarding checklist of each, and registering
// a business at the door, offline. Loaded when a household's screen opens rather than with the
// app, whose first load is within a few bytes of its budget: for the same reason app.js hands it
// only the slot to fill, the household, its queue (the outbox, then a sync when online) and the
// way to draw the household again, and it keeps its own few tools.
//
// What the member does here goes to the outbox as events (``business_create``,
// ``business_step``; langso/shops/field.py) and shows at once, marked as not sent yet. The
// sync's answers take them out of the outbox (a refusal is kept with the server's words), and
// its pull part ``shops``, the server's businesses of the member's villages, replaces them.
// The platforms, steps, categories and banks come written into this file, in the member's
// language: they are the same in every village, so the pull does not carry them.
const T = {{ texts|safe }};
const C = {{ catalogue|safe }};
const QR = "";
const ACCOUNT = /^[0-9A-Z]{6,19}$/;
// Platforms whose checklist the member opened on this screen before ticking any step of it.
const opened = new Map();
// What the section says once, after the register form was saved.
let notice = "";

// The app's own database (app.js made it; logging out empties it): the pull's part, and what
// waits to be sent or was refused.
function load() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("langso-field");
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction(["meta", "outbox", "rejected"], "readonly");
      const part = transaction.objectStore("meta").get("shops");
      const outbox = transaction.objectStore("outbox").getAll();
      const rejected = transaction.objectStore("rejected").getAll();
      transaction.oncomplete = () => {
        db.close();
        const inLine = outbox.result.sort((a, b) => (a.seq || 0) - (b.seq || 0));
        resolve({ part: part.result || [], waiting: inLine.map((item) => item.event), rejected: rejected.result });
      };
      transaction.onerror = () => reject(transaction.error);
    };
  });
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "on") Object.entries(value).forEach(([event, handler]) => node.addEventListener(event, handler));
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false && child !== "") node.append(child);
  }
  return node;
}

const platform = (code) => C.platforms.find((p) => p.code === code);
const bankName = (bin) => (C.banks.find(([code]) => code === bin) || [])[1] || "";
const categoryNames = (codes) => (codes || []).map((code) => (C.categories.find(([c]) => c === code) || [])[1]).filter(Boolean);
// Boxes the same size beside a long text as beside a short one (the app's style lets a box
// shrink in its row).
const steady = (node) => node.querySelectorAll("input[type=checkbox]").forEach((box) => { box.style.flex = "none"; });
const notSent = () => element("span", { class: "pill" }, T.notSent);

// A business registered here and not sent yet, shown as the pull would show it.
function fromEvent(event) {
  const links = {};
  for (const [code, url] of Object.entries(event.links || {})) if (url) links[code] = { url, verdict: "" };
  return {
    id: event.id, name: event.name, products: event.products, categories: event.categories,
    bank: bankName(event.bank_bin), account: event.account ? `•••• ${event.account.slice(-4)}` : "",
    listed: event.listed, links, steps: {}, local: true,
  };
}

// Each step's latest value: the server's, then the steps waiting here in the order ticked.
function stepsOf(business, waiting) {
  const known = {};
  for (const [track, steps] of Object.entries(business.steps || {})) {
    for (const [code, done] of Object.entries(steps)) (known[track] ||= {})[code] = { done, waiting: false };
  }
  for (const event of waiting) {
    if (event.kind === "business_step" && event.business_id === business.id) (known[event.platform] ||= {})[event.step] = { done: event.done, waiting: true };
  }
  return known;
}

// The household's businesses, their checklists, and the button to register one.
export async function render(slot, household, queue, again) {
  let stored;
  try {
    stored = await load();
  } catch {
    // The database closing under it (logging out, the page going away): nothing to show.
    return;
  }
  const { part, waiting, rejected } = stored;
  const local = typeof household.id !== "number";
  const ours = (event) => (local ? event.household_event === String(household.id).slice(2) : event.household_id === household.id);
  const businesses = [
    ...part.filter((business) => business.household_id === household.id),
    ...waiting.filter((event) => event.kind === "business_create" && ours(event)).map(fromEvent),
  ];
  const ids = new Set(businesses.map((business) => business.id));
  const refused = rejected.filter(({ event }) => (event.kind === "business_create" && ours(event)) || (event.kind === "business_step" && ids.has(event.business_id)));
  const redraw = () => again(household.id);
  slot.id = "shops";
  // replaceChildren writes a null as the text "null": what is not shown is left out.
  slot.replaceChildren(...[
    element("h2", {}, T.section),
    notice && element("p", { class: "ok", role: "status" }, notice),
    refused.length ? element("p", { class: "alert", id: "shops-refused" }, `${T.rejected}: ${refused.map((r) => r.message).filter(Boolean).join("; ")}`) : null,
    ...businesses.map((business) => card(business, stepsOf(business, waiting), queue, redraw)),
    businesses.length ? null : element("p", { class: "muted", id: "shops-none" }, T.none),
    element("div", { class: "bar" },
      element("button", { type: "button", id: "register-business", on: { click: () => registerForm(household, queue, redraw) } }, `+ ${T.register}`)),
  ].filter(Boolean));
  steady(slot);
  notice = "";
}

function card(business, known, queue, redraw) {
  const links = Object.entries(business.links || {});
  const started = opened.get(business.id) || new Set();
  // A platform's checklist once the business has a link there or a step of it, or it was
  // opened here; payment by QR code always.
  const tracks = C.platforms
    .filter((p) => p.onboarding && (business.links?.[p.code] || known[p.code] || started.has(p.code)))
    .map((p) => [p.code, p.label, C.steps.platform]);
  tracks.push([QR, T.qr, C.steps.qr]);
  const others = C.platforms.filter((p) => p.onboarding && !tracks.some(([code]) => code === p.code));
  const tick = async (track, step, done) => {
    await queue({ kind: "business_step", id: crypto.randomUUID(), business_id: business.id, platform: track, step, done, observed_at: new Date().toISOString() });
    redraw();
  };
  const open = (event) => {
    if (!event.target.value) return;
    opened.set(business.id, new Set([...started, event.target.value]));
    redraw();
  };
  return element("div", { class: "card", "data-business": business.id },
    element("strong", {}, business.name), business.local ? notSent() : null,
    business.products ? element("span", { class: "line small" }, business.products) : null,
    categoryNames(business.categories).length ? element("span", { class: "line small muted" }, categoryNames(business.categories).join(", ")) : null,
    business.bank || business.account ? element("span", { class: "line small" }, [business.bank, business.account].filter(Boolean).join(" · ")) : null,
    business.listed ? element("span", { class: "line small ok-text" }, `✓ ${T.listedShort}`) : null,
    ...links.map(([code, link]) => element("span", { class: "line small", "data-link": code },
      [platform(code)?.label, link.url].filter(Boolean).join(": "),
      T.verdicts[link.verdict] ? element("span", { class: "line alert" }, T.verdicts[link.verdict]) : null)),
    ...tracks.map(([code, title, steps]) => checklist(code, title, steps, known[code] || {}, tick)),
    others.length ? element("select", { "aria-label": T.addTrack, class: "add-track", on: { change: open } },
      element("option", { value: "" }, `+ ${T.addTrack}`),
      ...others.map((p) => element("option", { value: p.code }, p.label))) : null,
  );
}

function checklist(code, title, steps, known, tick) {
  const complete = steps.every((step) => !step.required || known[step.code]?.done);
  return element("fieldset", { "data-track": code },
    element("legend", {}, title),
    complete ? element("span", { class: "small ok-text" }, `✓ ${T.complete}`) : null,
    ...steps.map((step) => {
      const state = known[step.code] || { done: false, waiting: false };
      const box = element("input", { type: "checkbox", "data-step": step.code, checked: state.done, on: { change: () => tick(code, step.code, box.checked) } });
      return element("label", { class: "check" }, box,
        element("span", {},
          step.required ? step.name : `${step.name} (${T.optional})`,
          state.waiting ? notSent() : null,
          element("span", { class: "line small muted" }, step.hint)));
    }),
  );
}

// Drawn beside the app's screen (hidden meanwhile), so a sync that redraws the household
// underneath does not take the member away from the form.
function registerForm(household, queue, redraw) {
  const app = document.getElementById("app");
  const screen = element("main", { id: "shop-form" });
  const close = () => {
    screen.remove();
    app.hidden = false;
    redraw();
  };
  const input = (id, attributes = {}) => element("input", { type: "text", id, autocomplete: "off", ...attributes });
  const labelled = (label, node) => [element("label", { for: node.id }, label), node];
  const name = input("shop-name", { maxlength: 150, required: true });
  const products = input("shop-products", { maxlength: 500 });
  const categories = C.categories.map(([code, label]) => element("label", { class: "check" },
    element("input", { type: "checkbox", name: "category", value: code }), label));
  const kinds = element("fieldset", {}, element("legend", {}, T.categories), ...categories);
  // Two columns on a phone: twelve lines of one word each would be most of the form.
  Object.assign(kinds.style, { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(9rem, 1fr))", columnGap: "0.5rem" });
  const bank = element("select", { id: "shop-bank" }, element("option", { value: "" }, T.noBank),
    ...C.banks.map(([bin, short]) => element("option", { value: bin }, short)));
  bank.style.width = "100%";
  const account = input("shop-account", { maxlength: 30, inputmode: "numeric" });
  const holder = input("shop-holder", { maxlength: 50, autocapitalize: "characters" });
  const links = C.platforms.map((p) => input(`shop-link-${p.code}`, { inputmode: "url", autocapitalize: "off", spellcheck: "false", maxlength: 500, "data-platform": p.code, placeholder: p.domains.length ? `https://${p.domains[0]}/…` : "https://…" }));
  const listed = element("input", { type: "checkbox", id: "shop-listed" });
  const problem = element("p", { class: "alert", role: "alert", id: "shop-problem", hidden: true });
  const form = element("form", { novalidate: true, on: { submit: save } },
    element("p", {}, element("button", { type: "button", class: "back", on: { click: close } }, `← ${T.back}`)),
    element("h1", {}, household.head_name ? `${T.register}: ${household.head_name}` : T.register),
    problem,
    ...labelled(T.name, name),
    ...labelled(T.products, products),
    kinds,
    ...labelled(T.bank, bank),
    ...labelled(T.account, account),
    ...labelled(T.accountName, holder),
    element("fieldset", {}, element("legend", {}, T.links), element("p", { class: "small muted" }, T.linksHint),
      ...C.platforms.flatMap((p, index) => labelled(p.label, links[index]))),
    element("label", { class: "check" }, listed, T.listed),
    element("p", { class: "small muted" }, T.listedHint),
    element("div", { class: "bar" },
      element("button", { type: "submit", class: "primary", id: "save-business" }, T.save),
      element("button", { type: "button", on: { click: close } }, T.back)),
  );
  screen.append(form);
  steady(form);
  app.after(screen);
  app.hidden = true;
  window.scrollTo(0, 0);

  // The server's checks that can be made here, in its words, so that the member learns at the
  // door, not after the sync, what to ask the household again.
  function trouble(number) {
    if (!name.value.trim()) return [T.nameNeeded, name];
    if (number && !ACCOUNT.test(number)) return [T.accountInvalid, account];
    if (number && !bank.value) return [T.bankNeeded, bank];
    for (const [index, p] of C.platforms.entries()) {
      const url = links[index].value.trim();
      if (!url) continue;
      let host = "";
      try {
        const parsed = new URL(url);
        if (parsed.protocol === "https:" || parsed.protocol === "http:") host = parsed.hostname.toLowerCase();
      } catch {
        host = "";
      }
      if (!host.includes(".")) return [T.linkInvalid.replace("%(platform)s", p.label), links[index]];
      if (p.domains.length && !p.domains.some((domain) => host === domain || host.endsWith(`.${domain}`))) {
        return [T.linkElsewhere.replace("%(platform)s", p.label).replace("%(domains)s", p.domains.join(", ")), links[index]];
      }
    }
    return null;
  }

  async function save(event) {
    event.preventDefault();
    const number = account.value.replace(/[\s.-]/g, "").toUpperCase();
    const found = trouble(number);
    if (found) {
      problem.textContent = found[0];
      problem.hidden = false;
      found[1].focus();
      return;
    }
    const sent = {
      kind: "business_create",
      id: crypto.randomUUID(),
      name: name.value.trim(),
      owner_kind: "person",
      products: products.value.trim(),
      categories: [...form.querySelectorAll("input[name=category]:checked")].map((box) => box.value),
      bank_bin: bank.value,
      account: number,
      account_name: holder.value.trim(),
      listed: listed.checked,
      links: Object.fromEntries(C.platforms.map((p, index) => [p.code, links[index].value.trim()]).filter(([, url]) => url)),
    };
    if (typeof household.id === "number") sent.household_id = household.id;
    else sent.household_event = String(household.id).slice(2);
    notice = T.saved;
    await queue(sent);
    close();
  }
}
